"""Render many models at once: a whole class's projects, each into its own output folder.

find the models (files, project folders, class folders) → give each its output folder (refusing
two models that would share one) → render them on every core, one worker process per core →
one result record per model, reported by the CLI. A failing model never stops the others.
No click here: the CLI chooses how progress and results are shown.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import multiprocessing
import multiprocessing.context
import multiprocessing.resource_tracker
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen.problems import ArchgenError, Problem, os_error_message

if TYPE_CHECKING:
    from archgen.commands.render import RenderOptions

MODEL_NAME = "arch.yaml"
CRASHED = (
    "the process rendering this model stopped unexpectedly (out of memory, or killed); nothing "
    "was written; render this model alone to see why"
)


# ---- finding the models ------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundModels:
    """The model files to render, and whether they are several (a batch) or today's one."""

    files: list[Path]
    several: bool
    without_model: list[Path] = field(default_factory=list)  # a class folder's other subfolders

    def notes(self) -> list[str]:
        """One line per subfolder of a class folder that holds no model (a student without one)."""
        return [
            f"note: {folder}: no {MODEL_NAME} in it, not rendered" for folder in self.without_model
        ]


def find_models(arguments: Sequence[Path]) -> FoundModels:
    """Each argument is a model file, a project folder (holding arch.yaml) or a class folder
    (whose subfolders hold arch.yaml, taken in name order); none means ./arch.yaml.

    Several arguments, or a class folder, make a batch. A path that is not a folder is taken as
    a model file, so a missing one fails like today's single render: with a located problem.
    """
    if not arguments:
        return FoundModels([Path(MODEL_NAME)], several=False)
    files: list[Path] = []
    empty: list[Path] = []
    without: list[Path] = []
    several = len(arguments) > 1
    for argument in arguments:
        found = models_in(argument)
        if not found:
            empty.append(argument)
            continue
        several = several or is_class_folder(argument)
        if is_class_folder(argument):
            without += folders_without_model(argument)
        files += [f for f in found if not any(_same_file(f, seen) for seen in files)]
    if empty:
        raise ArchgenError(_no_model_message(empty))
    return FoundModels(files, several, without)


def folders_without_model(folder: Path) -> list[Path]:
    """The subfolders of a class folder that hold no arch.yaml, in name order."""
    return [
        entry
        for entry in sorted(folder.iterdir(), key=lambda p: p.name)
        if entry.is_dir() and not entry.name.startswith(".") and not (entry / MODEL_NAME).is_file()
    ]


def models_in(argument: Path) -> list[Path]:
    """The models an argument names; none for a folder that holds no model at all."""
    if not argument.is_dir():
        return [argument]
    if (argument / MODEL_NAME).is_file():
        return [argument / MODEL_NAME]
    return [
        entry / MODEL_NAME
        for entry in sorted(argument.iterdir(), key=lambda p: p.name)
        if entry.is_dir() and not entry.name.startswith(".") and (entry / MODEL_NAME).is_file()
    ]


def is_class_folder(argument: Path) -> bool:
    """A folder without arch.yaml of its own: its subfolders are the projects."""
    return argument.is_dir() and not (argument / MODEL_NAME).is_file()


def _same_file(one: Path, other: Path) -> bool:
    """`a/arch.yaml` named twice (also as `a`) renders once."""
    return os.path.abspath(one) == os.path.abspath(other)


def _no_model_message(folders: list[Path]) -> str:
    names = ", ".join(str(folder) for folder in folders)
    verb = "holds" if len(folders) == 1 else "hold"
    return (
        f"{names} {verb} no model: no {MODEL_NAME} in it nor in any of its subfolders; pass a "
        f"model file, a project folder (holding {MODEL_NAME}) or a class folder (one project "
        "per subfolder)"
    )


# ---- where each model's outputs go -------------------------------------------------------------


@dataclass(frozen=True)
class ModelJob:
    """One model to render and the folder its outputs go to."""

    model_file: Path
    output_dir: Path

    @property
    def file(self) -> str:
        return str(self.model_file)


def project_name(model_file: Path) -> str:
    """`ana/arch.yaml` is project `ana`; any other file is named by its stem (`bo.yaml` → `bo`)."""
    if model_file.name == MODEL_NAME:
        return Path(os.path.abspath(model_file)).parent.name or "model"
    return model_file.stem


def plan_jobs(files: Sequence[Path], output_dir: Path | None) -> list[ModelJob]:
    """Each model renders into output/ beside it, or with `-o DIR` into DIR/<project>/.

    Two models that would write into the same folder are refused before anything renders.
    """
    jobs = [
        ModelJob(f, output_dir / project_name(f) if output_dir else f.parent / "output")
        for f in files
    ]
    by_folder: dict[str, list[ModelJob]] = {}
    for job in jobs:
        by_folder.setdefault(os.path.abspath(job.output_dir), []).append(job)
    clashes = [same for same in by_folder.values() if len(same) > 1]
    if clashes:
        raise ArchgenError("\n".join(_clash_message(same, output_dir) for same in clashes))
    return jobs


def _clash_message(jobs: list[ModelJob], output_dir: Path | None) -> str:
    names = " and ".join(job.file for job in jobs)
    fix = (
        "rename a project folder, or render them separately"
        if output_dir
        else "pass -o DIR to give each model its own folder DIR/<name>/"
    )
    return f"{names} would all render into {jobs[0].output_dir}; {fix}"


# ---- rendering one model (the worker) ----------------------------------------------------------


@dataclass(frozen=True)
class ModelResult:
    """What rendering one model did: the files written, or why it failed."""

    job: ModelJob
    seconds: float
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # from the renderers
    problems: list[Problem] = field(default_factory=list)  # located, from validation
    error: str = ""  # why nothing was written; empty when the model rendered
    notes: list[str] = field(default_factory=list)  # e.g. which templates the brief used

    @property
    def ok(self) -> bool:
        return not self.error

    def first_line(self) -> str:
        """The line that says what went wrong, for a one-line progress report."""
        errors = [p for p in self.problems if p.severity == "error"] or self.problems
        return errors[0].format() if errors else self.error.splitlines()[0]


def render_job(job: ModelJob, options: RenderOptions, strict: bool) -> ModelResult:
    """Render one model; every failure becomes a result, so the other models go on."""
    from archgen.commands.render import render_model

    start = time.perf_counter()
    try:
        report = render_model(job.model_file, job.output_dir, options, strict=strict)
    except ArchgenError as error:
        return ModelResult(job, _since(start), problems=error.problems, error=error.message)
    except OSError as error:
        return ModelResult(job, _since(start), error=os_error_message(error))
    except Exception as error:  # a bug met by one model must not take the others down
        text = f"internal error: {type(error).__name__}: {error}; please report it with the model"
        return ModelResult(job, _since(start), error=text)
    return ModelResult(
        job,
        _since(start),
        report.written,
        list(report.warnings),
        list(report.problems),
        notes=list(report.notes),
    )


def _since(start: float) -> float:
    return time.perf_counter() - start


# ---- rendering them all ------------------------------------------------------------------------


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def render_all(
    jobs: Sequence[ModelJob],
    options: RenderOptions,
    *,
    strict: bool,
    workers: int,
    done: Callable[[ModelResult], None],
) -> list[ModelResult]:
    """Every job's result, in the jobs' order; `done` hears of each as it finishes.

    One worker renders in this process, one model after the other; more use worker processes.
    Ctrl-C (KeyboardInterrupt) stops the workers at once and propagates.
    """
    results: dict[int, ModelResult] = {}
    # WeasyPrint is imported once per process that renders models, not once per model in a
    # child, and with several workers every core renders a model already.
    options = dataclasses.replace(options, pdf_aside=False)
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            results[index] = render_job(job, options, strict)
            done(results[index])
        return list(results.values())
    workers = min(workers, len(jobs))
    try:
        _render_in_pool(jobs, options, strict, workers, results, done)
        left = [(index, jobs[index]) for index in submission_order(jobs) if index not in results]
        if left:  # a worker died and broke the pool: the rest again, each in a process alone
            results.update(render_one_process_each(left, options, strict, workers, done))
    finally:
        stop_resource_tracker()
    return [results[index] for index in range(len(jobs))]


def stop_resource_tracker() -> None:
    """End the helper process that `spawn` starts to track semaphores, and wait for it, once
    the pool is gone: otherwise it would outlive the render by a moment."""
    gc.collect()  # the pool's semaphores unregister themselves first
    tracker = getattr(multiprocessing.resource_tracker, "_resource_tracker", None)
    stop = getattr(tracker, "_stop", None)
    if callable(stop):
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


def _render_in_pool(
    jobs: Sequence[ModelJob],
    options: RenderOptions,
    strict: bool,
    workers: int,
    results: dict[int, ModelResult],
    done: Callable[[ModelResult], None],
) -> None:
    """Render on a pool of worker processes, each taking model after model (imports paid once
    per worker). A worker that dies breaks the pool: the models not finished stay out of
    `results`."""
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker)
    try:
        futures = {
            pool.submit(render_job, jobs[i], options, strict): i for i in submission_order(jobs)
        }
        for future in as_completed(futures):
            with contextlib.suppress(BrokenProcessPool):
                results[futures[future]] = future.result()
                done(results[futures[future]])
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context() -> multiprocessing.context.SpawnContext:
    # spawn: the same start method on Linux and macOS, and no copy of this process's threads
    return multiprocessing.get_context("spawn")


def submission_order(jobs: Sequence[ModelJob]) -> list[int]:
    """Big models start first, so that no worker is left with one at the end, alone."""
    return sorted(range(len(jobs)), key=lambda index: -_size(jobs[index].model_file))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # reported by the worker, located, like any unreadable model
        return 0


def _start_worker() -> None:
    """A worker ignores Ctrl-C (the main process hears it and stops the workers, without
    tracebacks) and dies with the main process, Graphviz included."""
    from archgen.lifetime import die_with_parent

    die_with_parent()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the workers now (shutdown alone would wait for the models in progress)."""
    # Python 3.14 has pool.terminate_workers(); earlier versions only keep the processes here.
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()


# ---- one process per model, after a crash ------------------------------------------------------

Worker = Callable[[ModelJob, "RenderOptions", bool, Connection], None]


def send_result(job: ModelJob, options: RenderOptions, strict: bool, sender: Connection) -> None:
    """The body of a process rendering one model: its result goes back through `sender`."""
    _start_worker()
    sender.send(render_job(job, options, strict))
    sender.close()


@dataclass(frozen=True, eq=False)
class _Alone:
    """A model rendering in a process of its own, and the pipe its result comes back on."""

    index: int
    job: ModelJob
    process: BaseProcess
    receiver: Connection

    def finish(self) -> ModelResult:
        """The result; a process that died without sending one fails this model only."""
        try:
            result: ModelResult = self.receiver.recv()
        except EOFError:
            result = ModelResult(self.job, 0.0, error=CRASHED)
        self.receiver.close()
        self.process.join()
        return result


def render_one_process_each(
    work: Sequence[tuple[int, ModelJob]],
    options: RenderOptions,
    strict: bool,
    workers: int,
    done: Callable[[ModelResult], None],
    worker: Worker = send_result,
) -> dict[int, ModelResult]:
    """Each model in a fresh process, `workers` at a time, so that a crash fails its model only;
    slower than the pool (every process pays the imports), hence only after a crash."""
    waiting, running, results = list(work), list[_Alone](), dict[int, ModelResult]()
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                running.append(_start_alone(*waiting.pop(0), options, strict, worker))
            ready = wait([alone.receiver for alone in running])
            for alone in [alone for alone in running if alone.receiver in ready]:
                running.remove(alone)
                results[alone.index] = alone.finish()
                done(results[alone.index])
    finally:
        for alone in running:
            alone.process.terminate()
    return results


def _start_alone(
    index: int, job: ModelJob, options: RenderOptions, strict: bool, worker: Worker
) -> _Alone:
    receiver, sender = _context().Pipe(duplex=False)
    process = _context().Process(target=worker, args=(job, options, strict, sender))
    process.start()
    sender.close()  # the child holds the only sending end: its death reads as end of file
    return _Alone(index, job, process, receiver)


# ---- reporting ---------------------------------------------------------------------------------


def progress_line(result: ModelResult) -> str:
    """`ok   a/arch.yaml → a/output (1.2 s)` or `FAIL b/arch.yaml: <what went wrong>`."""
    if result.ok:
        return f"ok   {result.job.file} → {result.job.output_dir} ({result.seconds:.1f} s)"
    return f"FAIL {result.job.file}: {result.first_line()}"


def summary_line(results: Sequence[ModelResult]) -> str:
    failed = sum(not r.ok for r in results)
    return f"{len(results) - failed} rendered, {failed} failed"


def format_results(results: Sequence[ModelResult], fmt: str) -> str:
    """Each model's problems and warnings, grouped by model, then the summary, in `fmt`."""
    if fmt == "json":
        return _as_json(results)
    groups = [
        _model_text(r, fmt) for r in results if not r.ok or r.warnings or r.problems or r.notes
    ]
    return "\n\n".join([*groups, summary_line(results)]) + "\n"


def _model_text(result: ModelResult, fmt: str) -> str:
    from archgen.validate.report import format_problems

    lines = []
    if fmt == "text":
        state = "failed" if not result.ok else "rendered"
        if result.ok and (result.warnings or result.problems):
            state += ", with warnings"
        lines.append(f"{result.job.file} → {result.job.output_dir}: {state}")
        lines += [f"note: {note}" for note in result.notes]
    if result.problems:
        lines.append(format_problems(result.problems, fmt, strict=bool(result.error)))
    lines += [_warning_text(result, warning, fmt) for warning in result.warnings]
    if result.error:
        lines.append(_error_text(result, fmt))
    return "\n".join(lines)


def _warning_text(result: ModelResult, warning: str, fmt: str) -> str:
    if fmt == "github":
        return _annotation("warning", result, warning)
    return f"warning: {warning}"


def _error_text(result: ModelResult, fmt: str) -> str:
    """The failure message; in GitHub's format an annotation unless problems already point."""
    if fmt == "github" and not result.problems:
        return _annotation("error", result, result.error)
    return result.error


def _annotation(severity: str, result: ModelResult, message: str) -> str:
    from archgen.validate.report import escape_data, escape_property

    where = f"file={escape_property(result.job.file)},line=1,title=archgen render"
    return f"::{severity} {where}::{escape_data(message)}"


def _as_json(results: Sequence[ModelResult]) -> str:
    failed = sum(not r.ok for r in results)
    document = {
        "rendered": len(results) - failed,
        "failed": failed,
        "models": [_model_json(result) for result in results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _model_json(result: ModelResult) -> dict[str, Any]:
    from archgen.validate.report import format_problems

    problems = json.loads(format_problems(result.problems, "json"))["problems"]
    return {
        "file": result.job.file,
        "output": str(result.job.output_dir),
        "ok": result.ok,
        "seconds": round(result.seconds, 3),
        "written": [str(path) for path in result.written],
        "warnings": result.warnings,
        "notes": result.notes,
        "problems": problems,
        "message": result.error,
    }
