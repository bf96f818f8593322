"""The ``auditor`` command: wires readers, rules and formats together, and nothing else."""

from __future__ import annotations

import os
import shutil
import sys
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from auditor.catalogue.docs import fact_kinds_page, rule_listing, rule_page
from auditor.catalogue.rule_files import Catalogue, RuleFileError, load_catalogue
from auditor.formats.interface import OutputOptions
from auditor.formats.registry import (
    UnknownFormat,
    format_for_file,
    format_names,
    load_format,
)
from auditor.model import FileResult
from auditor.readers.registry import installed_readers
from auditor.run.batch import OutputFailed, RunSettings, file_tasks, run_checks
from auditor.run.distributed import ClusterFailed
from auditor.run.outputs import OutputRefused, check_copy_folder, check_outputs
from auditor.run.progress import Progress
from auditor.run.urls import is_remote, is_url, url_exists

app = typer.Typer(
    help="auditor — 项目支出绩效自评数据矛盾筛查 / screens performance self-evaluations for contradictions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(shown: bool) -> None:
    if shown:
        typer.echo(f"auditor {metadata.version('auditor')}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """auditor — 项目支出绩效自评数据矛盾筛查 / screens performance self-evaluations for contradictions."""


rules_app = typer.Typer(help="The rule catalogue (rules/*.yaml).", invoke_without_command=True)
app.add_typer(rules_app, name="rules")


#: The format plugin that writes ``--annotate DIR``: a marked-up copy of each file checked.
ANNOTATED_FORMAT = "annotated"
#: The exit status of a run whose standard output was closed by its reader (128 + SIGPIPE, as a shell reports it).
PIPE_CLOSED = 141


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


RulesOption = Annotated[
    Optional[Path],
    typer.Option("--rules", help="A folder of rule files to use instead of the built-in rules/.", file_okay=False),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of messages: zh (default) or en.")]


def _catalogue(rules: Path | None) -> Catalogue:
    try:
        return load_catalogue(rules)
    except RuleFileError as exc:
        typer.echo(f"auditor: the rules cannot be used:\n{exc}", err=True)
        raise typer.Exit(2) from exc


def _input_kinds() -> str:
    """Every kind of file the installed readers take, for ``check --help``."""
    return "; ".join(reader.description["en"] for reader in installed_readers())


@app.command(
    help=(
        "Check submissions and report every contradiction found.\n\n"
        f"Reads: {_input_kinds()}. Any other file in a folder gets a D001 finding saying what it is and how to "
        "send it instead; hidden files and Office lock files (~$…) are left out.\n\n"
        "Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 a usage or I/O error "
        "(nothing to check, an --output that would overwrite an input or an existing file, a folder that "
        "cannot be written); 3 auditor failed on some file (an internal error, traceback on stderr)."
    )
)
def check(
    paths: Annotated[list[str], typer.Argument(help="Files to check, or folders to search for them (or file:// URLs; with --scheduler also s3://… and other fsspec URLs).")],
    output_format: Annotated[
        str,
        typer.Option("--format", help=f"What to print: {', '.join(format_names())} (default: table; xlsx only with --output)."),
    ] = "table",
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding of this severity or worse exists.")
    ] = FailOn.error,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds one file may take before it is stopped and reported (D001).")
    ] = 30.0,
    outputs: Annotated[
        Optional[list[Path]],
        typer.Option("--output", "-o", help="Also write a file, in the format its ending names (screening.xlsx, report.html, findings.csv, report.json, report.jsonl, report.md, 存在的问题.docx, report.txt, and those of installed plugins; an ending none takes lists them). Repeatable."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an --output file that exists (never one of the inputs).")] = False,
    annotate: Annotated[
        Optional[Path],
        typer.Option("--annotate", help="Write into this folder a copy of each workbook or Word report with its findings marked on the cells and paragraphs they cite (the originals are never touched).", file_okay=False),
    ] = None,
    with_cells: Annotated[
        bool, typer.Option("--with-cells", help="Keep rule codes and cell references in 「存在的问题」 (Markdown, Word); left out by default, as a published section has none.")
    ] = False,
    plain: Annotated[bool, typer.Option("--plain", help="「存在的问题」 as plain text without Markdown marks, for pasting into Word or WPS.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display on the terminal.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Check in this process, one file at a time, and stop at auditor's own first error with its traceback.")
    ] = False,
    scheduler: Annotated[
        Optional[str], typer.Option("--scheduler", help="Check on the Dask cluster of this scheduler (tcp://host:port); its workers read the files from the same paths or URLs (README, \"Past one machine\").")
    ] = None,
) -> None:
    outputs = outputs or []
    if scheduler is None and any(is_remote(p) for p in paths):
        _usage_error(f"{next(p for p in paths if is_remote(p))} is read by the workers of a Dask cluster: give --scheduler ADDRESS")
    missing = [p for p in paths if not (url_exists(p) if is_url(p) else Path(p).exists())]
    if missing:
        _usage_error(f"no such file or folder: {', '.join(map(str, missing))}")
    catalogue = _catalogue(rules)
    columns = shutil.get_terminal_size((100, 24)).columns  # COLUMNS, else the terminal, else 100
    options = OutputOptions(lang.value, {r.code: r.title.text(lang.value) for r in catalogue.rules}, columns, with_cells, plain, tuple(map(str, paths)))
    try:
        printed = load_format(output_format)
        if not printed.streams:
            raise UnknownFormat(f"the {output_format} format is written to a file: use --output NAME{printed.suffixes[0]}" if printed.suffixes else f"the {output_format} format is written into a folder: use --annotate DIR")
        file_formats = [format_for_file(path) for path in outputs]
        annotated = load_format(ANNOTATED_FORMAT) if annotate is not None else None
    except UnknownFormat as exc:
        _usage_error(str(exc))
    tasks = file_tasks(paths, outputs)
    try:
        check_outputs(outputs, [task.path for task in tasks], force)
        if annotate is not None:
            check_copy_folder(annotate, [Path(p) for p in paths if not is_url(p)])
    except OutputRefused as exc:
        _usage_error(str(exc))
    if not tasks:
        _usage_error(f"no files to check in {', '.join(map(str, paths))} (hidden files and Office lock files are left out)")
    empty = [p for p in paths if not is_url(p) and Path(p).is_dir() and not any(Path(p) in task.path.parents for task in tasks)]
    if empty:
        typer.echo(f"auditor: no files to check in {', '.join(empty)}", err=True)
    file_sinks = [report_format.open_file(path, options) for report_format, path in zip(file_formats, outputs)]
    if annotated is not None and annotate is not None:
        file_sinks.append(annotated.open_file(annotate, options))
    sinks = [printed.open_stream(sys.stdout, options), *file_sinks]
    settings = RunSettings(lang.value, jobs, timeout, debug, scheduler)
    progress = Progress(len(tasks), lang.value, enabled=False if quiet else None)
    try:
        run = run_checks(tasks, catalogue, sinks, settings, progress, on_result=_report_internal_error)
    except OutputFailed as exc:
        _usage_error(f"an output could not be written: {exc}")
    except ClusterFailed as exc:
        _usage_error(str(exc))
    except BrokenPipeError:
        # The reader of standard output went away (… | head): end quietly, as a pipe's writer does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(PIPE_CLOSED) from None
    for path in outputs:
        typer.echo(f"auditor: wrote {path} ({run.tally.files} files)", err=True)
    if run.interrupted:
        typer.echo(f"auditor: interrupted — {run.tally.files} of {run.total} files were checked and written.", err=True)
        raise typer.Exit(130)
    if run.tally.internal_errors:
        raise typer.Exit(3)
    failing = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[fail_on.value]
    if any(run.tally.severities[severity] for severity in failing):
        raise typer.Exit(1)


def _usage_error(message: str) -> NoReturn:
    """One line on stderr and exit 2: the run did not start (or could not finish writing)."""
    typer.echo(f"auditor: {message}", err=True)
    raise typer.Exit(2)


def _report_internal_error(result: FileResult) -> None:
    """auditor failed on a file: its traceback on stderr, for the maintainers (the report says so too)."""
    if result._traceback:
        typer.echo(f"auditor: internal error while checking {result.path} — please report it:\n{result._traceback}", err=True)


@rules_app.callback()
def rules_list(
    ctx: typer.Context,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """List the rule catalogue."""
    if ctx.invoked_subcommand is None:
        typer.echo(rule_listing(_catalogue(rules), lang.value))


@rules_app.command("show")
def rules_show(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. F001.")],
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """Print one rule's documentation: what it checks, why, its parameters and examples."""
    catalogue = _catalogue(rules)
    if code.upper() not in catalogue.by_code:
        typer.echo(f"auditor: no rule {code} (known: {', '.join(catalogue.by_code)})", err=True)
        raise typer.Exit(2)
    typer.echo(rule_page(catalogue.rule(code), lang.value))


@rules_app.command("facts")
def rules_facts(lang: LangOption = Lang.zh) -> None:
    """List the fact kinds a rule file can name, with their attributes — for rule authors."""
    typer.echo(fact_kinds_page(lang.value))


class NationalLayout(str, Enum):
    national_2020 = "2020"
    central_ab = "central-ab"
    beijing_2016 = "beijing-2016"
    sichuan_2023 = "sichuan-2023"


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the blank workbook (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    national: Annotated[
        bool, typer.Option("--national", help="Write a blank national 项目支出绩效自评表 instead of the submission workbook.")
    ] = False,
    variant: Annotated[
        Optional[NationalLayout],
        typer.Option("--variant", help="The national table's layout (with --national): 2020 (default), central-ab, beijing-2016 or sichuan-2023."),
    ] = None,
) -> None:
    """Write a blank submission workbook with a 说明 sheet and drop-down lists (--national: a blank 项目支出绩效自评表)."""
    from auditor.writers.national_form import write_national_template
    from auditor.writers.template import write_template

    if path.suffix.lower() != ".xlsx":
        typer.echo("auditor: the template is an .xlsx workbook; give a path ending in .xlsx", err=True)
        raise typer.Exit(2)
    if variant is not None and not national:
        typer.echo("auditor: --variant chooses the layout of the national table; use it with --national", err=True)
        raise typer.Exit(2)
    try:
        if national:
            write_national_template(path, (variant or NationalLayout.national_2020).value, overwrite=force)
        else:
            write_template(path, overwrite=force)
    except FileExistsError as exc:
        typer.echo(f"auditor: {path} exists; use --force to overwrite it", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"auditor: wrote {path}")


@app.command()
def extract(
    report: Annotated[Path, typer.Argument(help="A written self-evaluation report (.docx, .txt, .md, .pdf, a web page …).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write the draft submission workbook (.xlsx).")] = None,
    statements: Annotated[
        bool,
        typer.Option("--statements", help="Print the relations read between the report's figures (what F009–F011 and P003 check), with their characters."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    lang: LangOption = Lang.zh,
) -> None:
    """Extract a draft submission workbook from a narrative report, for a person to check and complete; --statements lists the relations read (exit 1: unreadable report)."""
    from auditor.readers import read_submission, reader_for
    from auditor.writers.draft import DraftOntoReport, write_draft

    def refuse(zh: str, en: str, code: int = 2) -> typer.Exit:
        typer.echo(f"auditor: {zh if lang is Lang.zh else en}", err=True)
        return typer.Exit(code)

    only_reports = "extract 只用于文字报告（.docx、.txt、.md、.pdf、网页等）", "extract is only for written reports (.docx, .txt, .md, PDF, web pages …)"
    exists = f"{output} 已存在；如要覆盖，请加 --force", f"{output} exists; use --force to overwrite it"
    itself = f"输出文件不能是报告本身：{output}", f"the output must not be the report itself: {output}"
    if not report.is_file():
        raise refuse(f"没有这个文件：{report}", f"no such file: {report}")
    if output is None and not statements:
        raise refuse("请用 --output 给出草稿工作簿的路径，或用 --statements 列出读到的数字关系", "give --output for the draft workbook, or --statements to list the relations read")
    if output is not None:
        _check_draft_output(output, report, force, refuse, exists, itself)
    reader = reader_for(report)
    if reader is not None and reader.layout != "narrative-report":  # a workbook reader (.xlsx, .xls, .ods …)
        raise refuse(f"{only_reports[0]}；{report} 是工作簿，请用 auditor check 检查", f"{only_reports[1]}; {report} is a workbook: use auditor check")
    submission = read_submission(report)
    if submission.unreadable:
        issue = next((i for i in submission.issues if i.kind == "unreadable_file"), None)
        reason = (issue.detail_zh, issue.detail_en) if issue else ("原因不明", "no reason given")
        raise refuse(f"{report} 无法读取：{reason[0]}", f"{report} cannot be read: {reason[1]}", code=1)
    if submission.layout == "national-form":
        what = ("它的数字由自评表的规则（F006、F007 等）核对", "its figures are checked by the table's rules (F006, F007 …)") if statements else ("无需提取草稿", "there is no draft to extract")
        raise refuse(
            f"{report} 中是项目支出绩效自评表，已按自评表读取，{what[0]}；请用 auditor check 检查",
            f"{report} holds a national 项目支出绩效自评表, read as that table: {what[1]}; use auditor check",
        )
    if submission.layout != "narrative-report":
        raise refuse(f"{only_reports[0]}；{report} 不是文字报告", f"{only_reports[1]}; {report} is not one")
    if statements:
        from auditor.formats.statement_listing import statement_listing

        typer.echo(statement_listing(submission.statements, lang.value))
    if output is None:
        return
    try:
        write_draft(submission, output, report.name, overwrite=force)
    except FileExistsError as exc:  # created since the check above
        raise refuse(*exists) from exc
    except DraftOntoReport as exc:  # the report under another name (a hard link)
        raise refuse(*itself) from exc
    except OSError as exc:
        raise refuse(f"无法写入 {output}：{exc.strerror or exc}", f"cannot write {output}: {exc.strerror or exc}", code=1) from exc
    values, projects = len(submission.extracted), len(submission.projects)
    typer.echo(
        f"auditor：从《{report.name}》提取了 {values} 个值（{projects} 个项目），草稿已写入 {output}，请核对、补全后再提交"
        if lang is Lang.zh
        else f"auditor: extracted {values} values ({projects} projects) from {report.name}; draft written to {output} — check and complete it before submitting"
    )


def _check_draft_output(output: Path, report: Path, force: bool, refuse, exists: tuple[str, str], itself: tuple[str, str]) -> None:  # noqa: ANN001
    """Refuse, before anything is read, a draft path that is the report, not .xlsx, in no folder, or taken."""
    if output.resolve() == report.resolve():
        raise refuse(*itself)
    if output.suffix.lower() != ".xlsx":
        raise refuse(f"草稿是 .xlsx 工作簿，输出路径须以 .xlsx 结尾：{output}", f"the draft is an .xlsx workbook; give an output path ending in .xlsx: {output}")
    if not output.parent.is_dir():
        raise refuse(f"没有可写入 {output} 的文件夹", f"no folder to write {output} in")
    if output.exists() and not force:
        raise refuse(*exists)


def main() -> None:  # pragma: no cover - the console script calls app directly
    app()
