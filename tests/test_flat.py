"""The flat fast path prints what Jinja prints, and leaves to Jinja everything outside its subset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.render import engine, flat, patched, sandbox, zipwriter
from docgen.render.ooxml import Xml

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "templates").glob("*.docx"))


def jinja(source: str, context: dict) -> str:
    return sandbox.environment().from_string(source).render(context)


def fast(source: str, context: dict) -> str | None:
    ops = sandbox.flat_program(source)
    assert ops is not None, "not in the flat subset"
    return flat.render(ops, context, 10_000, 3)


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.stem for t in TEMPLATES])
def test_every_built_in_template_is_flat(template):
    raw = template.read_bytes()
    sources = patched.jinja_sources(raw, zipwriter.read_members(raw))
    assert sources
    for source, program in sources.values():
        assert program is not None and program == sandbox.flat_program(source)
        assert flat.from_json(json.loads(json.dumps(flat.to_json(program)))) == program     # as cached


CONTEXT = {
    "co_quan": {"ten": ["SỞ NỘI VỤ", "A & B <C> \"D\" 'E'"], "chu_quan": []},
    "doan": [Xml("<w:p><w:r><w:t>một</w:t></w:r></w:p>"), Xml("<w:p/>")],
    "so": "12/QĐ-UBND",
    "long": [["a", "b"], ["c"]],
}


@pytest.mark.parametrize("source", [
    "<a>{% for d in co_quan.ten %}<b>{{ d }}</b>{% endfor %}</a>",
    "{{ so }}{% for p in doan %}{{ p }}{% endfor %}{{ so }}",
    "{%- for d in co_quan.chu_quan %}x{{ d }}{% endfor -%}  <t>{{ so }}</t>\n",
    "{% for so in co_quan.ten %}{{ so }}{% endfor %}{{ so }}",          # the loop name hides, then returns
    "{% for d in doan %}<p>{{ d }}{{ so }}</p>{% endfor %}{% for d in doan %}{{ d }}{% endfor %}",
])
def test_flat_output_equals_jinja_output(source):
    assert fast(source, CONTEXT) == jinja(source, CONTEXT)


@pytest.mark.parametrize("source", [
    "{% if so %}{{ so }}{% endif %}",
    "{{ so | upper }}",
    "{{ co_quan.items }}",                  # the dict's method in Jinja, not a key
    "{% for d in doan %}{{ loop.index }}{% endfor %}",
    "{{ so ~ so }}",
    "{% for d in doan %}{{ d }}{% else %}-{% endfor %}",
    "{{ co_quan['ten'] }}",
    # a loop inside a loop: its output grows as a power of the data — Jinja's, under its time limit
    "{% for row in long %}{% for cell in row %}[{{ cell }}]{% endfor %}{% endfor %}",
])
def test_outside_the_subset_is_left_to_jinja(source):
    assert sandbox.flat_program(source) is None


class Person:
    ten = "Nguyễn Văn An"


@pytest.mark.parametrize("context", [
    {"x": Person(), "y": []},               # an object's attribute: the sandbox decides
    {"x": {"ten": 5}, "y": []},              # a number
    {"x": {"ten": "A"}, "y": "abc"},         # a string looped over
    {"x": {}, "y": []},                      # a missing key: Jinja's error
])
def test_a_context_outside_the_subset_falls_back(context):
    ops = sandbox.flat_program("{{ x.ten }}{% for c in y %}{{ c }}{% endfor %}")
    assert ops is not None
    assert flat.render(ops, context, 10_000, 3) is None


def test_an_output_past_the_limit_is_left_to_jinja():
    ops = sandbox.flat_program("<a>{% for d in doan %}<b>{{ d }}</b>{% endfor %}</a>")
    context = {"doan": ["x" * 100] * 50}
    assert len(flat.render(ops, context, 6_000, 3)) == 7 + 50 * 107
    assert flat.render(ops, context, 5_000, 3) is None
    ops = sandbox.flat_program("{% for d in doan %}{{ d }}{% endfor %}")
    assert flat.render(ops, context, 5_050, 3) is not None
    assert flat.render(ops, context, 5_049, 3) is None        # 50 passes count too


def test_loops_that_print_nothing_are_still_counted_and_timed():
    """A template of thousands of empty loops over a long list prints nothing and would run for
    ever: its passes count against the size budget, and its time against the clock."""
    ops = sandbox.flat_program("{% for a in xs %}{% endfor %}" * 2000)
    context = {"xs": list(range(100))}
    assert flat.render(ops, context, 10_000, 3) is None
    assert flat.render(ops, context, 10_000_000, 3) == ""
    assert flat.render(ops, context, 10_000_000, 0) is None


def test_compiled_template_falls_back_with_jinja_errors_and_limits(tmp_path):
    """Through the engine: a render the fast path refuses still goes through Jinja (its sandbox,
    its StrictUndefined error in the template's name)."""
    template = engine.compiled(Path(__file__).resolve().parents[1] / "templates" / "cong-van.docx")
    part = next(p for p in template.parts if isinstance(p, engine._Templated) and p.name == engine.DOCUMENT)
    assert part.program is not None
    with pytest.raises(Exception, match="undefined"):
        part.render({})


@pytest.mark.parametrize("data", [
    {}, [[0]], [[0, 5]], [[1, []]], [[1, ["a", 3]]], [[2, ["a"], "b"]], [[2, ["a"], "b", [[2, ["c"], "d", []]]]],
    [[9, "x"]], "[[0, 'x']]",
])
def test_a_cached_program_that_is_not_one_is_refused(data):
    with pytest.raises(ValueError):
        flat.from_json(data)
