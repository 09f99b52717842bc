"""DLMS Use Cases as lists of named COSEM operations.

Each :class:`Op` names one COSEM attribute or method the Use Case touches, with the shape of the
value a command carries (set, action) and of the value a response returns (get, or an action's
return). A command holds the operations whose names are in its values, in the Use Case's order
(optional operations only when asked for), so RTDS's variants of one Use Case share a declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..axdr import Data, DataType
from ..dlms import RESULTS, AccessKind, AccessRequest, AccessResponse, AccessResult, AccessSpec, CosemReference
from ..errors import MalformedMessage
from ..protection import ProtectedData, seal_content
from .base import Context
from .cosem_names import operation_name
from .shapes import Shape, obis_bytes, shape

RESULT_CODES = {name: code for code, name in RESULTS.items()}
BREAK_ON_ERROR = 0x20000000  # long-invoke-id-and-priority flags GBCS sends; the low 24 bits are the counter


def invoke_id(counter: int) -> int:
    return BREAK_ON_ERROR | (counter & 0xFFFFFF)


@dataclass(frozen=True)
class Op:
    name: str
    kind: AccessKind
    class_id: int
    obis: str
    member: int
    data: str = "null"  # the shape of the command's value
    returns: str = "null"  # the shape of a successful response's value
    optional: bool = False
    protected: bool = False  # the response value is protected (encrypted) data
    target: tuple | None = None  # what a get_protected_attributes call reads: (class, obis, attribute), or several
    selector: int | None = None  # selective access (get-with-selection): the selector and its parameters' shape
    selection: str = "null"
    ranged: bool = False  # a protected read of a date-time range

    @property
    def targets(self) -> tuple[tuple[int, str, int], ...]:
        return (self.target,) if isinstance(self.target[0], int) else self.target

    @property
    def result_kind(self) -> AccessKind:
        """A response answers get/set/action (the with-selection forms answer as plain ones)."""
        return AccessKind((self.kind - 1) % 3 + 1)

    @cached_property
    def reference(self) -> CosemReference:
        return CosemReference(self.class_id, obis_bytes(self.obis), self.member)

    @property
    def data_shape(self) -> Shape:
        return shape(self.data)

    @property
    def returns_shape(self) -> Shape:
        return shape(self.returns)


# get_protected_attributes (Data Protection, class 30, method 1): the attribute to read, then the
# protection the response must have (authenticated and encrypted, for this originator and recipient).
PROTECTED_REQUEST = (
    "([{class_id: u16, obis: obis, attribute: i8, data_index: u16=0, selection: {selector: enum, range: any}}],"
    " [{kind: enum=2, parties: {transaction_id: os, originator: os, recipient: os, other: os=,"
    " key: (enum=2, (os=02, os=))}}])"
)


PROTECTED_RANGE = "(dt, dt)"  # a log read's from and to date-times (range selector 1)


def protected_request(op: Op, context: Context, values: dict | None) -> Data:
    from ..protection import encryption_transaction_id

    header = context.header
    window = values or {}
    # An unknown Remote Party's command travels from the Access Control Broker; the protection
    # names the Remote Party (the supplementary remote party of the grouping header).
    parties = {
        "transaction_id": encryption_transaction_id(header.counter),
        "originator": header.supplementary_remote_party_id or header.originator,
        "recipient": header.recipient,
    }
    if op.ranged:
        selection = {"selector": 1, "range": shape(PROTECTED_RANGE).build([window["from"], window["to"]])}
    else:
        selection = {"selector": 0, "range": Data.null()}
    targets = [
        {"class_id": class_id, "obis": obis, "attribute": attribute, "selection": selection}
        for class_id, obis, attribute in op.targets
    ]
    return shape(PROTECTED_REQUEST).build([targets, [{"parties": parties}]])


def read_protected_request(item: Data) -> dict[str, Any]:
    targets, protection = shape(PROTECTED_REQUEST).read(item)
    if not targets or len(protection) != 1:
        raise MalformedMessage("A protected read names its attributes and one protection")
    parties = protection[0]["parties"]
    selections = [target.pop("selection") for target in targets]
    if any(selection != selections[0] for selection in selections):
        raise MalformedMessage("The attributes of one protected read share one selection")
    window = {}
    if selections[0]["selector"] == 1:
        window["from"], window["to"] = shape(PROTECTED_RANGE).read(selections[0]["range"])
    elif selections[0]["selector"] != 0 or selections[0]["range"].type != DataType.NULL:
        raise MalformedMessage("A protected read selects all data or a date-time range")
    return {
        **window,
        "reads": targets,
        "counter": int.from_bytes(parties["transaction_id"][1:], "big"),
        "originator": parties["originator"],
        "recipient": parties["recipient"],
    }


def protected_get(name: str, obis: str, target: tuple[int, str, int], returns: str, **extra) -> Op:
    """A read whose answer comes back encrypted for the Remote Party (Data Protection, GBCS 7.2.10).

    ``ranged`` reads (logs, profiles) take ``{"from": dt, "to": dt}`` as their command value.
    """
    return Op(name, AccessKind.ACTION, 30, obis, 1, "@protected", returns, protected=True, target=target, **extra)


# Profile Generic selective access by range (selector 1): restricting object, from and to values,
# selected columns (an empty array: all).
RANGE = (
    "{restricting_object: {class_id: u16, obis: obis, attribute: i8, data_index: u16},"
    " from_value: u32, to_value: u32, selected_values: [any]}"
)


def _op(kind: AccessKind, class_id: int, obis: str, member: int, name: str | None, **fields) -> Op:
    method = kind in (AccessKind.ACTION, AccessKind.ACTION_WITH_SELECTION)
    return Op(name or operation_name(class_id, obis, member, method=method), kind, class_id, obis, member, **fields)


def get(class_id: int, obis: str, member: int, returns: str, *, name: str | None = None, **extra) -> Op:
    """Read an attribute; ``returns`` is the shape of its value."""
    return _op(AccessKind.GET, class_id, obis, member, name, returns=returns, **extra)


def get_range(class_id: int, obis: str, member: int, returns: str = "any", *, name: str | None = None, **extra) -> Op:
    """A Profile Generic buffer read by range (GBCS logs and profiles)."""
    return _op(
        AccessKind.GET_WITH_SELECTION,
        class_id,
        obis,
        member,
        name,
        returns=returns,
        selector=1,
        selection=RANGE,
        **extra,
    )


def set_(class_id: int, obis: str, member: int, data: str, *, name: str | None = None, **extra) -> Op:
    """Write an attribute; ``data`` is the shape of the value written."""
    return _op(AccessKind.SET, class_id, obis, member, name, data=data, **extra)


def action(
    class_id: int, obis: str, member: int, data: str, returns: str = "null", *, name: str | None = None, **extra
) -> Op:
    """Invoke a method with ``data`` as its parameter; ``returns`` is the shape of what it returns."""
    return _op(AccessKind.ACTION, class_id, obis, member, name, data=data, returns=returns, **extra)


def dlms(name: str, code: int, ops: tuple[Op, ...]) -> DlmsUseCase:
    return DlmsUseCase(name, code, ops)


@dataclass(frozen=True)
class DlmsUseCase:
    name: str
    code: int
    ops: tuple[Op, ...]

    def _selected(self, names) -> list[Op]:
        unknown = set(names) - {op.name for op in self.ops}
        if unknown:
            raise ValueError(f"{self.name} has no operation {', '.join(sorted(unknown))}")
        return [op for op in self.ops if op.name in names or not op.optional]

    def _match(self, specs: tuple[AccessSpec, ...]) -> list[Op]:
        by_reference: dict[tuple, list[Op]] = {}
        for op in self.ops:  # an attribute a Use Case reads twice has two operations, taken in turn
            by_reference.setdefault((op.kind, op.reference), []).append(op)
        taken: dict[tuple, int] = {}
        found = []
        for spec in specs:
            key = (spec.kind, spec.target)
            candidates = by_reference.get(key, [])
            op = candidates[taken.get(key, 0)] if taken.get(key, 0) < len(candidates) else None
            taken[key] = taken.get(key, 0) + 1
            if op is None:
                raise MalformedMessage(
                    f"{self.name} has no {spec.kind.name.lower()} of {spec.target.obis}/{spec.target.member}"
                )
            found.append(op)
        return found

    def command(self, values: dict[str, Any], context: Context) -> bytes:
        ops = self._selected(values)
        specs = tuple(
            AccessSpec(op.kind, op.reference, op.selector, shape(op.selection).build(values[op.name]))
            if op.selector is not None
            else AccessSpec(op.kind, op.reference)
            for op in ops
        )
        data = tuple(
            protected_request(op, context, values.get(op.name))
            if op.data == "@protected"
            else op.data_shape.build(values.get(op.name))
            for op in ops
        )
        return AccessRequest(invoke_id(context.header.counter), specs, data).encode()

    def read_command(self, message) -> dict[str, Any]:
        request: AccessRequest = message.payload
        ops = self._match(request.specs)
        values = {}
        for op, spec, item in zip(ops, request.specs, request.data, strict=True):
            if op.selector is not None:
                if spec.selector != op.selector:
                    raise MalformedMessage(f"{self.name}: {op.name} uses selector {op.selector}, not {spec.selector}")
                values[op.name] = shape(op.selection).read(spec.selection)
            elif op.data == "@protected":
                values[op.name] = read_protected_request(item)
            else:
                values[op.name] = op.data_shape.read(item)
        return values

    def response(self, values: dict[str, Any], context: Context, results: dict | None = None) -> bytes:
        """``values`` is a response view: ``{"values": {op: value}, "results": {op: result}}``.

        The operations answered are those named in either (plus the non-optional ones); a result
        is a Data-Access-Result number or name, success when absent. ``results`` adds to the view's.
        """
        answers = values.get("values", {})
        outcomes = {**values.get("results", {}), **(results or {})}
        ops = self._selected({*answers, *outcomes})
        data, outcome = [], []
        for op in ops:
            result = outcomes.get(op.name, 0)
            result = RESULT_CODES[result] if isinstance(result, str) else result
            outcome.append(AccessResult(op.result_kind, result))
            if result or op.returns == "null":
                data.append(Data.null())
            elif op.protected:
                data.append(self._protect(op, answers[op.name], context))
            else:
                data.append(op.returns_shape.build(answers[op.name]))
        return AccessResponse(invoke_id(context.header.counter), tuple(data), tuple(outcome)).encode()

    @staticmethod
    def _protect(op: Op, value: Any, context: Context) -> Data:
        from ..axdr import encode_data
        from ..protection import gbz_content_parties

        originator, _, _ = gbz_content_parties(context.header)
        plaintext = encode_data(op.returns_shape.build(value))
        ciphered = seal_content(context.content_key(), originator=originator, plaintext=plaintext)
        header = context.header
        return ProtectedData(header.counter, header.originator, header.recipient, ciphered).to_data()

    def read_response(self, message, command_ops: list[str] | None = None) -> dict[str, Any]:
        response: AccessResponse = message.payload
        ops = self._ops_for_response(response, command_ops)
        values, results = {}, {}
        for index, (op, item, result) in enumerate(zip(ops, response.data, response.results, strict=True)):
            if result.kind != op.result_kind:
                raise MalformedMessage(
                    f"{self.name}: result {index} is a {result.kind.name.lower()}, not {op.result_kind.name.lower()}"
                )
            results[op.name] = result.name
            if not result.ok or op.returns == "null":
                continue
            if op.protected:
                if index not in message.protected:
                    values[op.name] = None  # sealed: the keys to open it are not known
                    continue
                item = message.protected[index]
            values[op.name] = op.returns_shape.read(item)
        return {"results": results, "values": values}

    def _ops_for_response(self, response: AccessResponse, command_ops: list[str] | None) -> list[Op]:
        if command_ops is not None:
            return self._selected(command_ops)
        kinds = [result.kind for result in response.results]
        required = [op for op in self.ops if not op.optional]
        if [op.result_kind for op in required] == kinds:
            return required
        # Optional operations were asked for: match the response's kinds against the declaration in order.
        chosen, position = [], 0
        for op in self.ops:
            if (
                position < len(kinds)
                and op.result_kind == kinds[position]
                and (not op.optional or _fits(op, response, position))
            ):
                chosen.append(op)
                position += 1
        if position != len(kinds):
            raise MalformedMessage(f"{self.name}: the response's {len(kinds)} results match no set of its operations")
        return chosen


def _fits(op: Op, response: AccessResponse, position: int) -> bool:
    item = response.data[position]
    if not response.results[position].ok or op.returns == "null" or op.protected:
        return item.type == DataType.NULL or op.protected
    try:
        op.returns_shape.read(item)
    except MalformedMessage:
        return False
    return True
