"""The Bot API description (api.json) and validation of calls against it.

The double must refuse whatever the real Bot API refuses, otherwise a bot that passes its tests can still
fail in production.  Structure (names, required fields, types, nested objects) comes from the machine-readable
spec; limits that Telegram only states in prose live in ``rules.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("api.json")

PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "String"})
_INT_RE = re.compile(r"-?\d+")
_TRUE = frozenset({"true", "True", "1"})
_FALSE = frozenset({"false", "False", "0"})
# Unions are told apart by a constant field such as `type`; the spec states its value in prose.
_DISCRIMINATOR_RE = re.compile(r'(?:must be|always) "?([a-z_]+)"?')


class ApiError(Exception):
    """A non-ok answer, shaped exactly like Telegram's JSON error body."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        # Set for answers the test itself arranged (rate caps, injected faults): not a bot mistake.
        self.expected = False

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


class SpecViolation(AssertionError):
    """The double itself produced an object the spec does not allow: a bug in the double."""


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part as received from the client."""

    filename: str | None
    content_type: str | None
    data: bytes

    def summary(self) -> dict[str, Any]:
        return {"file": self.filename, "size": len(self.data), "content_type": self.content_type}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool
    description: str


@dataclass(frozen=True)
class TypeSpec:
    name: str
    fields: dict[str, FieldSpec] | None
    subtypes: tuple[str, ...] = ()
    # (field name, constant value) when this type is one member of a discriminated union.
    discriminator: tuple[str, str] | None = None


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]
    returns: tuple[str, ...]


@dataclass
class ValidatedCall:
    method: MethodSpec
    params: dict[str, Any]
    # Multipart parts referenced as attach://<name> from inside other parameters.
    attachments: dict[str, UploadedFile] = field(default_factory=dict)

    def loggable_params(self) -> dict[str, Any]:
        return loggable(self.params)


def loggable(value: Any) -> Any:
    """A JSON-friendly copy (file parts replaced by a short summary) for call logs."""
    if isinstance(value, UploadedFile):
        return value.summary()
    if isinstance(value, dict):
        return {k: loggable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [loggable(v) for v in value]
    return value


class _Mismatch(Exception):
    """One failed attempt at matching a value with one type; turned into a 400 at the top."""

    def __init__(self, message: str, closeness: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.closeness = closeness


def _describe(value: Any) -> str:
    if isinstance(value, UploadedFile):
        return "a file"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fmt_types(types: tuple[str, ...]) -> str:
    return " or ".join(types)


class ApiSpec:
    """Methods and types of one Bot API version, with validators for requests and results."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = raw.get("version", "")
        self.types: dict[str, TypeSpec] = {}
        for name, t in raw["types"].items():
            fields = {f["name"]: _field(f) for f in t["fields"]} if "fields" in t else None
            self.types[name] = TypeSpec(name=name, fields=fields, subtypes=tuple(t.get("subtypes", ())))
        members = {sub for t in self.types.values() for sub in t.subtypes}
        for name in members:
            t = self.types[name]
            disc = _discriminator(t) if t.fields else None
            if disc:
                self.types[name] = TypeSpec(name, t.fields, t.subtypes, disc)
        self.methods: dict[str, MethodSpec] = {
            name: MethodSpec(name, {f["name"]: _field(f) for f in m.get("fields", [])}, tuple(m["returns"]))
            for name, m in raw["methods"].items()
        }
        # Telegram treats method names case-insensitively.
        self._by_lower = {name.lower(): m for name, m in self.methods.items()}

    @classmethod
    def load(cls, path: Path | None = None) -> ApiSpec:
        with (path or SPEC_PATH).open(encoding="utf-8") as fh:
            return cls(json.load(fh))

    def resolve_method(self, name: str) -> MethodSpec | None:
        return self._by_lower.get(name.lower())

    @cached_property
    def union_members(self) -> dict[str, dict[str, list[str]]]:
        """For each union type: discriminator value -> member type names."""
        out: dict[str, dict[str, list[str]]] = {}
        for name, t in self.types.items():
            if not t.subtypes:
                continue
            table: dict[str, list[str]] = {}
            for sub in t.subtypes:
                disc = self.types[sub].discriminator
                if disc:
                    table.setdefault(disc[1], []).append(sub)
            out[name] = table
        return out

    # ----------------------------------------------------------------------------------------------------
    # Requests

    def validate_call(self, method: MethodSpec, raw: Mapping[str, Any]) -> ValidatedCall:
        """Coerce form/JSON/multipart values to spec types; raise a 400 ApiError naming the bad field."""
        params: dict[str, Any] = {}
        files_left: dict[str, UploadedFile] = {}
        for key, value in raw.items():
            spec = method.fields.get(key)
            if spec is None:
                if isinstance(value, UploadedFile):
                    files_left[key] = value
                    continue
                raise bad_request(f'unknown parameter "{key}" for method {method.name}')
            try:
                params[key] = self._coerce(value, spec.types, key, strict=False)
            except _Mismatch as err:
                raise bad_request(err.message) from None
        for spec in method.fields.values():
            if spec.required and spec.name not in params:
                if method.name in ("sendMessage", "editMessageText") and spec.name == "text":
                    # The real API words this one case specially; tests match on it.
                    raise bad_request("message text is empty")
                raise bad_request(f'parameter "{spec.name}" is required for method {method.name}')
        attachments: dict[str, UploadedFile] = {}
        for ref in sorted(_attach_refs(params)):
            part = files_left.pop(ref, None)
            if part is None:
                raise bad_request(f'file attachment "attach://{ref}" was not uploaded in the request')
            attachments[ref] = part
        if files_left:
            name = next(iter(files_left))
            raise bad_request(f'unknown parameter "{name}" for method {method.name} (an unreferenced file part)')
        return ValidatedCall(method, params, attachments)

    # ----------------------------------------------------------------------------------------------------
    # Results (the double checking itself)

    def check_result(self, value: Any, types: tuple[str, ...], where: str = "result") -> None:
        """Raise SpecViolation if a result object the double built would not be a valid Telegram object."""
        try:
            self._coerce(value, types, where, strict=True)
        except _Mismatch as err:
            raise SpecViolation(f"double produced an invalid {_fmt_types(types)}: {err.message}") from None

    # ----------------------------------------------------------------------------------------------------

    def _coerce(self, value: Any, types: tuple[str, ...], path: str, *, strict: bool) -> Any:
        if len(types) == 1:
            return self._coerce_one(value, types[0], path, strict=strict)
        # Integer-or-String (chat_id): a numeric string means the numeric id, as in Telegram.
        errors: list[_Mismatch] = []
        for t in types:
            try:
                return self._coerce_one(value, t, path, strict=strict)
            except _Mismatch as err:
                errors.append(err)
        best = max(errors, key=lambda e: e.closeness)
        if best.closeness > 0:
            raise best
        raise _Mismatch(f'field "{path}" must be {_fmt_types(types)}, got {_describe(value)}')

    def _coerce_one(self, value: Any, t: str, path: str, *, strict: bool) -> Any:
        if t.startswith("Array of "):
            inner = t[len("Array of ") :]
            if isinstance(value, str) and not strict:
                value = _parse_json(value, path, "array")
            if not isinstance(value, list):
                raise _Mismatch(f'field "{path}" must be {t}, got {_describe(value)}')
            return [self._coerce_one(v, inner, f"{path}[{i}]", strict=strict) for i, v in enumerate(value)]
        if t in PRIMITIVES:
            return _coerce_primitive(value, t, path, strict=strict)
        if t == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            if isinstance(value, str) and value.startswith("attach://"):
                return value
            raise _Mismatch(f'field "{path}" must be a file uploaded with multipart/form-data, got {_describe(value)}')
        spec = self.types.get(t)
        if spec is None:  # pragma: no cover - the spec is self-consistent
            raise _Mismatch(f'field "{path}" has unknown spec type {t}')
        if isinstance(value, str) and not strict:
            value = _parse_json(value, path, "object")
        if not isinstance(value, dict):
            raise _Mismatch(f'field "{path}" must be a JSON object of type {t}, got {_describe(value)}')
        if spec.subtypes:
            return self._coerce_union(value, spec, path, strict=strict)
        return self._coerce_object(value, spec, path, strict=strict)

    def _coerce_union(self, value: dict[str, Any], spec: TypeSpec, path: str, *, strict: bool) -> Any:
        table = self.union_members[spec.name]
        candidates: list[str] = list(spec.subtypes)
        if table:
            disc_field = self.types[next(iter(table.values()))[0]].discriminator[0]  # type: ignore[index]
            if disc_field not in value:
                raise _Mismatch(f'required field "{path}.{disc_field}" is missing ({spec.name})', closeness=5)
            candidates = table.get(str(value[disc_field]), [])
            if not candidates:
                allowed = ", ".join(sorted(table))
                raise _Mismatch(
                    f'field "{path}.{disc_field}" has unsupported value {_describe(value[disc_field])} '
                    f"for {spec.name} (one of: {allowed})",
                    closeness=5,
                )
        errors: list[_Mismatch] = []
        for cand in candidates:
            try:
                return self._coerce_object(value, self.types[cand], path, strict=strict)
            except _Mismatch as err:
                errors.append(err)
        raise max(errors, key=lambda e: e.closeness)

    def _coerce_object(self, value: dict[str, Any], spec: TypeSpec, path: str, *, strict: bool) -> dict[str, Any]:
        fields = spec.fields or {}
        # How well this value fits this type, so union errors report the member the caller meant.
        closeness = 1 + sum(1 for k in value if k in fields)
        if spec.fields is None:
            return dict(value)  # types with no fields (CallbackGame) take an empty object
        out: dict[str, Any] = {}
        for key, item in value.items():
            f = fields.get(key)
            if f is None:
                raise _Mismatch(f'unknown field "{path}.{key}" in {spec.name}', closeness)
            try:
                out[key] = self._coerce(item, f.types, f"{path}.{key}", strict=strict)
            except _Mismatch as err:
                raise _Mismatch(err.message, closeness + 1) from None
        for f in fields.values():
            if f.required and f.name not in out:
                raise _Mismatch(f'required field "{path}.{f.name}" is missing in {spec.name}', closeness)
        if spec.discriminator:
            key, expected = spec.discriminator
            if out.get(key) != expected:
                raise _Mismatch(f'field "{path}.{key}" must be "{expected}" for {spec.name}', closeness)
        return out


def _field(raw: Mapping[str, Any]) -> FieldSpec:
    return FieldSpec(raw["name"], tuple(raw["types"]), bool(raw["required"]), raw.get("description", ""))


def _discriminator(t: TypeSpec) -> tuple[str, str] | None:
    assert t.fields is not None
    first = next(iter(t.fields.values()), None)
    if first is None or first.name not in ("type", "status", "source"):
        return None
    m = _DISCRIMINATOR_RE.search(first.description)
    return (first.name, m.group(1)) if m else None


def _parse_json(value: str, path: str, what: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise _Mismatch(f'can\'t parse JSON {what} in field "{path}"', closeness=3) from None


def _coerce_primitive(value: Any, t: str, path: str, *, strict: bool) -> Any:
    def fail() -> _Mismatch:
        return _Mismatch(f'field "{path}" must be {t}, got {_describe(value)}')

    if isinstance(value, UploadedFile):
        raise fail()
    if t == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if not strict and isinstance(value, str) and _INT_RE.fullmatch(value):
            return int(value)
        raise fail()
    if t == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if not strict and isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise fail() from None
        raise fail()
    if t == "Boolean":
        if isinstance(value, bool):
            return value
        if not strict:
            if isinstance(value, str) and value in _TRUE | _FALSE:
                return value in _TRUE
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
        raise fail()
    # String: Telegram stringifies numbers it receives for string fields, but not objects or booleans.
    if isinstance(value, str):
        return value
    if not strict and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise fail()


def _attach_refs(value: Any) -> set[str]:
    refs: set[str] = set()
    if isinstance(value, str):
        if value.startswith("attach://"):
            refs.add(value[len("attach://") :])
    elif isinstance(value, dict):
        for v in value.values():
            refs |= _attach_refs(v)
    elif isinstance(value, list):
        for v in value:
            refs |= _attach_refs(v)
    return refs


_DEFAULT_SPEC: ApiSpec | None = None


def default_spec() -> ApiSpec:
    """The bundled spec, parsed once per process (it is ~850 kB)."""
    global _DEFAULT_SPEC
    if _DEFAULT_SPEC is None:
        _DEFAULT_SPEC = ApiSpec.load()
    return _DEFAULT_SPEC
