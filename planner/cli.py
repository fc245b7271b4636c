"""Command line: ``python -m planner COMMAND`` (also installed as ``planner``).

Commands::

    init [--workspace PATH | --database URL] [--data DIR]
                                           create the workspace from data/ (if missing), in a folder or on a server
    calendar YEAR [--csv FILE] [--vi]      the year's anniversaries and events (--vi: Vietnamese CSV headers)
    lunar DATE                             solar → lunar   (2025-04-07 or 7/4/2025)
    solar DATE                             lunar → solar   (10/3/2025; leap month: 10/6N/2025)
    plan YEAR [--unit ID ...]              generate the year's plan from the templates; summary
    check YEAR                             findings on the year's plan (exit 1 if any error)
    export YEAR [--unit ID ...] [--month M ...] [--out PATH] [--units-apart] [--ics]
                                           the Excel plan (or one workbook per unit, or a calendar feed)
    import FILE ...                        read returned unit reports back (all files or none)
    guidance FILE --year YEAR [--all]      the year's guidance (.docx/.pdf/.txt) matched to the catalogue
    copy SOURCE TARGET                     copy a workspace (folder, .sqlite, postgresql+psycopg://…), verified
    backup [--workspace W] FILE            a consistent backup while others work (SQLite backup API / pg_dump)
    restore FILE [--workspace W]           bring a backup back into a place that holds no workspace yet
    import-platform FILE --platform P [--unit ID] [--year YEAR]
                                           record posts from a platform export (Facebook/Zalo CSV, TikTok XLSX,
                                           YouTube Studio ZIP), matched to planned items (all rows or none)
    demo [--year YEAR] [--seed N] [--unit ID ...]
                                           a reproducible demo year of outputs (labelled demo data); again: no change;
                                           adds data/members.csv's members and the person running it as manager
    members [set USER --role R [--unit ID ...] [--name N] | remove USER] [--user ME]
                                           list the members and their roles; add, change or remove one

The workspace: ``--workspace``, else ``PLANNER_DATABASE_URL``, else ``PLANNER_WORKSPACE``, else ./workspace.
A database URL is only ever printed without its password.

Rules: everything the user sees is Vietnamese — argparse's usage, help and errors too
(:class:`_Parser`). Exit codes: 0 done; 1 the plan check found errors, or an unexpected
failure (one short line naming the exception type, no traceback unless ``PLANNER_DEBUG=1``);
2 bad input — a bad argument, a :class:`~planner.errors.PlannerError` or a file that cannot
be read or written — printed as ``Lỗi: …``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from planner import calendars, display
from planner.catalogue import default_events, describe_os_error
from planner.errors import InvalidValueError, PlannerError
from planner.model import short_names
from planner.planning import check_plan, generate_plan, unit_month_counts
from planner.store import DB_FILE, open_workspace
from planner.store.rows import hide_secrets
from planner.strings import ARGPARSE_MESSAGES, ARGPARSE_PLURALS, SEVERITY_LABELS, TIER_LABELS

_LUNAR = re.compile(r"^(\d{1,2})/(\d{1,2})([nN]?)/(\d{4})$")


def parse_solar(text: str) -> dt.date:
    """'2025-04-07' or '7/4/2025' → date; PlannerError naming the expected forms."""
    try:
        return calendars.parse_date(text)
    except InvalidValueError as exc:
        message = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        raise InvalidValueError(message, field=exc.field, value=exc.value, allowed=exc.allowed) from None


def parse_lunar(text: str) -> calendars.LunarDate:
    """'10/3/2025' → LunarDate(10, 3, 2025); a leap month is marked N: '10/6N/2025'."""
    m = _LUNAR.match(text.strip())
    if not m:
        raise InvalidValueError(
            f"Không đọc được ngày âm lịch '{text}'; viết dạng ngày/tháng/năm, ví dụ 10/3/2025; "
            "tháng nhuận thêm chữ N sau tháng, ví dụ 10/6N/2025.",
            field="date",
            value=text,
            allowed="ngày/tháng/năm âm lịch, tháng nhuận thêm N: 10/6N/2025",
        )
    return calendars.LunarDate(int(m[1]), int(m[2]), int(m[4]), leap=bool(m[3]))


def _workspace_arg(value: str | None) -> str | None:
    return value or os.environ.get("PLANNER_DATABASE_URL") or os.environ.get("PLANNER_WORKSPACE")


def _cmd_init(args: argparse.Namespace) -> int:
    if args.database and args.workspace:
        raise PlannerError("Chỉ chọn một nơi: --workspace (thư mục) hoặc --database (địa chỉ máy chủ), không cả hai.")
    if args.database is not None and "://" not in args.database:
        raise InvalidValueError(
            f"--database cần một địa chỉ máy chủ cơ sở dữ liệu, ví dụ postgresql+psycopg://máy/csdl, nhận được "
            f"{hide_secrets(args.database)!r}. Một thư mục thì dùng --workspace."
        )
    where = args.database or _workspace_arg(args.workspace) or "workspace"
    if "://" in where:
        from planner.store.transfer import holds_workspace

        existed = holds_workspace(where)
    else:
        path = Path(where)
        existed = (path / DB_FILE).exists() or path.is_file()
    with open_workspace(where, data_dir=args.data, create_schema=True) as ws:
        units, events = len(ws.units()), len(ws.events())
        verb = "Đã có" if existed else "Đã tạo"
        print(f"{verb} không gian làm việc: {ws.folder or ws.url}")
        exports = f"; dữ liệu xuất ra: {ws.exports_dir}" if ws.folder is not None else ""
        print(f"  {units} đơn vị, {events} sự kiện trong danh mục{exports}")
    return 0


def _cmd_calendar(args: argparse.Namespace) -> int:

    where = _workspace_arg(args.workspace)
    names = None
    if where or (Path("workspace") / DB_FILE).exists():
        with open_workspace(where) as ws:
            events, names = ws.events(), ws.official_names()
    else:
        events = default_events()
    occ = display.occurrence_labels(calendars.occurrences(args.year, events), names=names)
    if args.csv:  # utf-8-sig: the BOM makes Excel read the diacritics right
        out = display.occurrence_export(occ, vietnamese=bool(getattr(args, "vi", False)))
        out.to_csv(args.csv, index=False, encoding="utf-8-sig")
        print(f"Đã ghi {len(out)} sự kiện năm {args.year} vào {args.csv}")
        return 0
    print(f"Lịch kỷ niệm năm {args.year} ({calendars.can_chi_year(args.year)}): {len(occ)} sự kiện")
    for row in occ.itertuples():
        tier = TIER_LABELS.get(row.tier, "") if isinstance(row.tier, str) else ""
        print(f"{row.date_text:>10}  {row.weekday:<8}  {row.lunar_text:<18}  {tier:<10}  {row.title}")
    return 0


def _cmd_lunar(args: argparse.Namespace) -> int:
    date = parse_solar(args.date)
    ld = calendars.to_lunar(date)
    leap = "N" if ld.leap else ""
    print(
        f"{ld.day}/{ld.month}{leap}/{ld.year} âm lịch ({calendars.format_lunar(ld)}) — "
        f"dương lịch {calendars.format_date_long(date)}"
    )
    return 0


def _cmd_solar(args: argparse.Namespace) -> int:
    ld = parse_lunar(args.date)
    date = calendars.to_solar(ld)
    print(f"{date.isoformat()} ({calendars.format_date_long(date)}) — âm lịch {calendars.format_lunar(ld)}")
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    with open_workspace(_workspace_arg(args.workspace)) as ws:
        created = generate_plan(ws, args.year, units=args.unit or None)
        items = ws.items(year=args.year)
        items = items[items["status"] != "cancelled"]
        units = ws.units()
    whose = ""
    if args.unit:  # only the units asked for: their rows, their counts
        items = items[items["unit_id"].isin(args.unit)]
        units = units[units["unit_id"].isin(args.unit)]
        whose = " của " + ", ".join(units["short_name"])
    print(f"Kế hoạch năm {args.year}{whose}: thêm {len(created)} nội dung mới; tổng cộng {len(items)} nội dung.")
    report = created.attrs.get("report")
    for line in report.messages() if report is not None else []:
        print(f"  - {line}")
    if items.empty:
        return 0
    table = unit_month_counts(items, units).rename(columns={"total": "Cộng"})
    table.columns = [f"T{c}" if isinstance(c, int) else c for c in table.columns]
    table.index.name = "Đơn vị"
    print(table.to_string())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    with open_workspace(_workspace_arg(args.workspace)) as ws:
        findings = check_plan(ws, args.year)
        short = short_names(ws.units())
    if findings.empty:
        print(f"Kế hoạch năm {args.year}: không phát hiện vấn đề nào.")
        return 0
    counts = findings["severity"].value_counts()
    summary = ", ".join(f"{counts[s]} {SEVERITY_LABELS[s].lower()}" for s in SEVERITY_LABELS if s in counts)
    print(f"Kế hoạch năm {args.year}: {summary}.")
    for row in findings.itertuples():
        if not pd.isna(row.item_id):
            where = f"nội dung {row.item_id}"
        else:
            where = short.get(row.unit_id, "kế hoạch") if isinstance(row.unit_id, str) else "kế hoạch"
        print(f"[{SEVERITY_LABELS[row.severity]}] {where}: {row.message}")
    return 1 if "error" in counts else 0


@contextmanager
def _vietnamese_argparse() -> Iterator[None]:
    """argparse builds its texts with ``argparse._`` (gettext): answer in Vietnamese meanwhile."""
    saved = argparse._, argparse.ngettext
    argparse._ = lambda text: ARGPARSE_MESSAGES.get(text, text) if text else text
    argparse.ngettext = lambda one, many, n: ARGPARSE_PLURALS.get(one, one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage, help and errors are Vietnamese; a bad argument exits with 2."""

    def __init__(self, *args, **kwargs):
        with _vietnamese_argparse():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _vietnamese_argparse():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with _vietnamese_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _vietnamese_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _vietnamese_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _vietnamese_argparse():
            return super().format_help()

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {message}.\nXem hướng dẫn: {self.prog} -h\n")


def _year(text: str) -> int:
    """A year argument within the years the lunar calendar supports."""
    lo, hi = calendars.SUPPORTED_YEARS
    if not re.fullmatch(r"[0-9]{1,9}", text.strip()):
        raise argparse.ArgumentTypeError(f"năm '{text}' không hợp lệ; viết năm bằng chữ số, ví dụ 2025")
    year = int(text)
    if not lo <= year <= hi:
        raise argparse.ArgumentTypeError(f"năm {year} nằm ngoài khoảng lịch được hỗ trợ {lo}–{hi}")
    return year


def _seed(text: str) -> int:
    """The demo's seed: a whole number ≥ 0."""
    if not re.fullmatch(r"[0-9]{1,18}", text.strip()):
        raise argparse.ArgumentTypeError(f"seed '{text}' không hợp lệ; cần một số nguyên không âm, ví dụ 555")
    return int(text)


def _output_file(text: str) -> str:
    """A file to write: its folder must exist and it must not be a folder itself."""
    path = Path(text)
    if not text.strip() or path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' là một thư mục hoặc trống; cần tên một tệp, ví dụ lich-2025.csv")
    folder = path.parent
    if not folder.is_dir():
        why = "là một tệp, không phải thư mục" if folder.exists() else "không có"
        raise argparse.ArgumentTypeError(f"thư mục '{folder}' của tệp '{text}' {why}")
    return text


def _cmd_export(args: argparse.Namespace) -> int:
    import planner  # the file formats load on first use

    with open_workspace(_workspace_arg(args.workspace)) as ws:
        if args.ics:
            for unit in args.unit or [None]:
                path = args.out if not args.unit or len(args.unit) == 1 else None  # several units: one file each
                print(f"Đã ghi lịch: {planner.export_ics(ws, year=args.year, unit=unit, path=path)}")
            return 0
        if args.units_apart:
            paths = planner.export_unit_plans(ws, year=args.year, months=args.month, folder=args.out)
            print(f"Đã ghi {len(paths)} tệp:")
            for path in paths:
                print(f"  {path}")
            return 0
        path = planner.export_plan(ws, year=args.year, months=args.month, units=args.unit, path=args.out)
        print(f"Đã ghi kế hoạch năm {args.year}: {path}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    import planner

    with open_workspace(_workspace_arg(args.workspace)) as ws:
        result = planner.import_reports(ws, args.files)
    for line in result.messages():
        print(line)
    return 0


def _cmd_import_platform(args: argparse.Namespace) -> int:
    from planner.platforms import import_platform_csv  # loads rapidfuzz on first use

    with open_workspace(_workspace_arg(args.workspace)) as ws:
        result = import_platform_csv(ws, Path(args.file), platform=args.platform, unit=args.unit, year=args.year)
    for line in result.messages():
        print(line)
    frame = result.frame()
    if not frame.empty:
        print(frame.to_string(index=False, max_colwidth=50))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from planner.catalogue import data_dir
    from planner.demo import DEMO_SEED, seed_demo
    from planner.store.members import MEMBERS_FILE
    from planner.strings import MEMBER_LABELS

    seed = DEMO_SEED if args.seed is None else args.seed
    with open_workspace(_workspace_arg(args.workspace)) as ws:
        result = seed_demo(ws, year=args.year, seed=seed, units=args.unit or None)
        members = ws.import_members(Path(data_dir()) / MEMBERS_FILE, add_self=True)
    print(result.message())
    print(MEMBER_LABELS["demo_members"].format(user=ws.user, **members))
    return 0


def _cmd_guidance(args: argparse.Namespace) -> int:
    from planner import guidance  # loads rapidfuzz and the file readers on first use

    where = _workspace_arg(args.workspace)
    events = None
    if where or (Path("workspace") / DB_FILE).exists():
        with open_workspace(where, read_only=True) as ws:
            events = ws.events()
    result = guidance.read_guidance(Path(args.file), year=args.year, events=events)
    table = guidance.guidance_table(result, others=args.all)
    print(f"Hướng dẫn {Path(args.file).name}, năm {args.year}: {len(table)} dòng.")
    if not table.empty:
        print(table.drop(columns=table.columns[0]).to_string(index=False))
    print(guidance.summary(result))
    return 0


def _print_tables(result: dict) -> None:
    width = max(len(name) for name in result)
    for name, found in result.items():
        print(f"  {name:<{width}}  {found['rows']:>9} dòng  sha256 {found['sha256'][:16]}")


def _cmd_copy(args: argparse.Namespace) -> int:
    from planner.store.transfer import copy_workspace, describe

    result = copy_workspace(args.source, args.target)
    print(
        f"Đã sao chép {describe(args.source)} → {describe(args.target)}: {len(result)} bảng, "
        "số dòng và tổng kiểm (sha256) từng bảng khớp với nguồn."
    )
    _print_tables(result)
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from planner.store.transfer import backup_workspace, describe

    source = _workspace_arg(args.workspace) or "workspace"
    done = backup_workspace(source, args.file)
    kind = "SQLite" if done["engine"] == "sqlite" else "pg_dump"
    size = f"{done['bytes']:,}".replace(",", ".")
    print(f"Đã sao lưu {describe(source)} vào {done['file']} ({kind}, {size} byte).")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from planner.store.transfer import describe, restore_workspace

    target = _workspace_arg(args.workspace) or "workspace"
    result = restore_workspace(args.file, target)
    print(f"Đã khôi phục {args.file} vào {describe(target)}: {len(result)} bảng, số dòng và tổng kiểm khớp.")
    _print_tables(result)
def _cmd_members(args: argparse.Namespace) -> int:
    """members: list; members set USER --role R [--unit ID]... [--name N]; members remove USER."""
    from planner.store.access import role_label
    from planner.strings import MEMBER_LABELS as M

    with open_workspace(_workspace_arg(args.workspace), user=args.user) as ws:
        if args.action and not args.member:
            raise PlannerError(M["cli_need_user"].format(action=args.action))
        if args.action == "set":
            if not args.role:
                raise PlannerError(M["cli_need_role"])
            row = ws.set_member(args.member, role=args.role, units=args.unit or (), display_name=args.name)
            units = ", ".join(row["units"]) or (M["all_units"] if row["role"] == "manager" else "—")
            print(M["member_saved"].format(user=row["user_name"], role=role_label(row["role"]), units=units))
        elif args.action == "remove":
            ws.remove_member(args.member)
            print(M["member_removed"].format(user=args.member))
        frame = ws.members()
        if frame.empty:
            print(M["members_none"])
            return 0
        print(M["members_title"].format(count=len(frame)))
        shown = pd.DataFrame({
            M["col_user"]: frame["user_name"],
            M["col_name"]: frame["display_name"],
            M["col_role"]: frame["role"].map(role_label),
            M["col_units"]: [" ".join(u) or (M["all_units"] if r == "manager" else "—")
                             for u, r in zip(frame["units"], frame["role"], strict=True)],
        })
        print(shown.to_string(index=False))
    return 0


def _month(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 12:
        raise argparse.ArgumentTypeError(f"tháng phải từ 1 đến 12, nhận được '{text}'")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m planner", description="Kế hoạch tuyên truyền: lịch kỷ niệm, kế hoạch nội dung, báo cáo."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")
    p = sub.add_parser("init", help="tạo không gian làm việc từ data/ (nếu chưa có)")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc (mặc định ./workspace)")
    p.add_argument("--database", metavar="ĐỊA_CHỈ", help="địa chỉ máy chủ CSDL, ví dụ postgresql+psycopg://máy/csdl")
    p.add_argument("--data", metavar="THƯ_MỤC", help="thư mục dữ liệu gốc (mặc định data/)")
    p.set_defaults(func=_cmd_init)
    p = sub.add_parser("calendar", help="lịch các ngày kỷ niệm, sự kiện của một năm")
    p.add_argument("year", type=_year, metavar="NĂM", help="năm dương lịch, ví dụ 2025")
    p.add_argument("--csv", type=_output_file, metavar="TỆP", help="ghi ra tệp CSV thay vì in ra màn hình")
    p.add_argument("--vi", action="store_true", help="tệp CSV có tiêu đề cột tiếng Việt")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="lấy danh mục sự kiện từ không gian làm việc này")
    p.set_defaults(func=_cmd_calendar)
    p = sub.add_parser("lunar", help="đổi ngày dương lịch sang âm lịch (2025-04-07 hoặc 7/4/2025)")
    p.add_argument("date", metavar="NGÀY", help="ngày dương lịch: 7/4/2025 hoặc 2025-04-07")
    p.set_defaults(func=_cmd_lunar)
    p = sub.add_parser("solar", help="đổi ngày âm lịch sang dương lịch (10/3/2025; tháng nhuận 10/6N/2025)")
    p.add_argument("date", metavar="NGÀY", help="ngày âm lịch: 10/3/2025; tháng nhuận thêm N: 10/6N/2025")
    p.set_defaults(func=_cmd_solar)
    p = sub.add_parser("plan", help="lập kế hoạch nội dung cả năm theo các mẫu chiến dịch")
    p.add_argument("year", type=_year, metavar="NĂM", help="năm của kế hoạch, ví dụ 2025")
    p.add_argument("--unit", action="append", metavar="MÃ_ĐƠN_VỊ", help="chỉ lập cho đơn vị này (lặp lại được)")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_plan)
    p = sub.add_parser("check", help="kiểm tra kế hoạch năm: quá tải, trùng lịch, sai tên, sai số năm…")
    p.add_argument("year", type=_year, metavar="NĂM", help="năm của kế hoạch, ví dụ 2025")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("export", help="xuất kế hoạch ra Excel (hoặc mỗi đơn vị một tệp, hoặc lịch .ics)")
    p.add_argument("year", type=_year, metavar="NĂM", help="năm của kế hoạch, ví dụ 2025")
    p.add_argument("--unit", action="append", metavar="MÃ_ĐƠN_VỊ", help="chỉ đơn vị này (lặp lại được)")
    p.add_argument("--month", action="append", type=_month, metavar="THÁNG", help="chỉ tháng này (lặp lại được)")
    p.add_argument("--out", metavar="ĐƯỜNG_DẪN", help="tệp (hoặc thư mục với --units-apart) để ghi")
    p.add_argument("--units-apart", action="store_true", help="mỗi đơn vị một tệp Excel, kèm một tệp zip")
    p.add_argument("--ics", action="store_true", help="lịch .ics để đơn vị đăng ký trên điện thoại")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_export)
    p = sub.add_parser("import", help="nhập báo cáo đơn vị gửi lại (các tệp Excel đã điền)")
    p.add_argument("files", nargs="+", metavar="TỆP", help="tệp Excel đơn vị gửi lại")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("import-platform", help="nhập số liệu bài đăng tải về từ Facebook, TikTok, YouTube, Zalo")
    p.add_argument("file", metavar="TỆP", help="tệp tải về từ nền tảng: .csv, .xlsx (TikTok) hoặc .zip (YouTube)")
    p.add_argument("--platform", required=True, choices=["facebook", "tiktok", "youtube", "zalo"],
                   metavar="NỀN_TẢNG", help="facebook, tiktok, youtube hoặc zalo")
    p.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="đơn vị của mọi bài (mặc định: nhận theo kênh của đơn vị)")
    p.add_argument("--year", type=_year, metavar="NĂM", help="năm của các ngày không ghi năm (mặc định: theo tệp)")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_import_platform)
    p = sub.add_parser("guidance", help="đọc hướng dẫn tuyên truyền của năm, đối chiếu với danh mục sự kiện")
    p.add_argument("file", metavar="TỆP", help="tệp hướng dẫn: .docx, .pdf hoặc .txt")
    p.add_argument("--year", type=_year, required=True, metavar="NĂM", help="năm của hướng dẫn, ví dụ 2026")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="đối chiếu với danh mục của không gian làm việc này")
    p.add_argument("--all", action="store_true", help="in cả những dòng không nói đến ngày kỷ niệm")
    p.set_defaults(func=_cmd_guidance)
    p = sub.add_parser("copy", help="sao chép không gian làm việc (thư mục, tệp .sqlite, máy chủ CSDL), có kiểm tra")
    p.add_argument("source", metavar="NGUỒN", help="thư mục, tệp .sqlite hoặc địa chỉ postgresql+psycopg://…")
    p.add_argument("target", metavar="ĐÍCH", help="nơi chưa có không gian làm việc (thư mục, tệp, địa chỉ)")
    p.set_defaults(func=_cmd_copy)
    p = sub.add_parser("backup", help="sao lưu không gian làm việc trong khi mọi người vẫn làm việc")
    p.add_argument("file", metavar="TỆP", help="tệp sao lưu mới (chưa có)")
    p.add_argument("--workspace", metavar="NƠI", help="thư mục hoặc địa chỉ CSDL (mặc định như các lệnh khác)")
    p.set_defaults(func=_cmd_backup)
    p = sub.add_parser("restore", help="khôi phục bản sao lưu vào nơi chưa có không gian làm việc")
    p.add_argument("file", metavar="TỆP", help="tệp sao lưu (SQLite hoặc pg_dump)")
    p.add_argument("--workspace", metavar="NƠI", help="thư mục hoặc địa chỉ CSDL đích")
    p.set_defaults(func=_cmd_restore)
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu một năm (bài đăng, lượt xem) để xem bảng điều khiển, đánh giá")
    p.add_argument("--year", type=_year, default=2025, metavar="NĂM", help="năm của dữ liệu mẫu (mặc định 2025)")
    p.add_argument("--seed", type=_seed, default=None, metavar="SỐ", help="số khởi tạo ngẫu nhiên (mặc định 555)")
    p.add_argument("--unit", action="append", metavar="MÃ_ĐƠN_VỊ", help="chỉ đơn vị này (lặp lại được)")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("members", help="thành viên và vai trò: xem (không tham số), set NGƯỜI_DÙNG --role …, remove …")
    p.add_argument("action", nargs="?", choices=["set", "remove"], metavar="set|remove",
                   help="set: thêm hoặc sửa một thành viên; remove: xóa; bỏ trống: liệt kê")
    p.add_argument("member", nargs="?", metavar="NGƯỜI_DÙNG", help="tên đăng nhập của thành viên")
    p.add_argument("--role", choices=["planner", "reviewer", "manager", "viewer"], metavar="VAI_TRÒ",
                   help="planner (lập kế hoạch), reviewer (duyệt), manager (quản lý) hoặc viewer (chỉ xem)")
    p.add_argument("--unit", action="append", metavar="MÃ_ĐƠN_VỊ", help="đơn vị người này phụ trách (lặp lại được)")
    p.add_argument("--name", metavar="TÊN", help="tên hiển thị, ví dụ 'Nguyễn Thị Lan'")
    p.add_argument("--user", metavar="NGƯỜI_DÙNG",
                   help="làm việc với tên này (mặc định: JUPYTERHUB_USER hoặc tên đăng nhập)")
    p.add_argument("--workspace", metavar="THƯ_MỤC", help="thư mục không gian làm việc")
    p.set_defaults(func=_cmd_members)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (see the module docstring), never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # -h, or a bad argument (already explained)
        return done.code if isinstance(done.code, int) else 2
    try:
        return args.func(args)
    except PlannerError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`
        sys.stderr.close()
        return 0
    except OSError as exc:
        where = f" '{exc.filename}'" if exc.filename else ""
        print(f"Lỗi: không đọc hoặc ghi được{where}: {describe_os_error(exc)}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("PLANNER_DEBUG") == "1":
            raise
        print(
            f"Lỗi ngoài dự kiến ({type(exc).__name__}); chưa hoàn thành lệnh. "
            "Chạy lại với PLANNER_DEBUG=1 để xem chi tiết và báo cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        return 1
