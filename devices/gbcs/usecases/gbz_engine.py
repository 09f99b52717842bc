"""GBZ Use Cases: the ZCL commands a gas Use Case may carry, each component read and built in full.

A GBZ Use Case lists the (cluster, frame control, command) steps GBCS allows it; a message's view
is its list of components, each with the cluster, the command's name and its decoded fields
(attribute records for Read Attributes). Building takes the same list, so RTDS's variants (one
to thirty components for a gas tariff) share a declaration. Components flagged ``encrypted`` are
sealed with the message's content key; sequence numbers count the components from 0, except
where several responses answer one request (they carry the request's number, kept in the view).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import MalformedMessage
from ..gbz import CONTROL_ENCRYPTED, CONTROL_FROM_DATE_TIME, CONTROL_LAST, Component, Encrypted, GbzPayload
from ..protection import gbz_content_parties, seal_content
from ..zcl import ZclFrame
from ..zcl_clusters import CLUSTER_NAMES, attribute_name, build_frame, command_name
from .base import Context

READ_ATTRIBUTES, READ_ATTRIBUTES_RESPONSE, DEFAULT_RESPONSE = 0x00, 0x01, 0x0B


@dataclass(frozen=True)
class GbzUseCase:
    name: str
    code: int
    commands: frozenset[tuple[int, int, int]]  # (cluster, frame control, command id) a command may carry
    responses: frozenset[tuple[int, int, int]] = frozenset()

    def command(self, values: dict[str, Any], context: Context) -> bytes:
        return self._build(values["components"], context, self.commands)

    def response(self, values: dict[str, Any], context: Context, results=None) -> bytes:
        return self._build(values["components"], context, self.responses)

    def alert(self, values: dict[str, Any], context: Context) -> bytes:
        return self._build(values["components"], context, self.responses, alert=values)

    def read_command(self, message) -> dict[str, Any]:
        return {"components": self._read(message.payload, self.commands)}

    def read_response(self, message) -> dict[str, Any]:
        return {"components": self._read(message.payload, self.responses)}

    def read_alert(self, message) -> dict[str, Any]:
        payload: GbzPayload = message.payload
        return {
            "alert_code": payload.alert_code,
            "time_stamp": payload.time_stamp,
            "components": self._read(payload, self.responses),
        }

    def _read(self, payload: GbzPayload, allowed) -> list[dict[str, Any]]:
        views = []
        for index, component in enumerate(payload.components):
            frame = component.frame
            step = (component.cluster, frame.frame_control, frame.command)
            if step not in allowed:
                raise MalformedMessage(f"{self.name} does not carry {CLUSTER_NAMES.get(step[0], step[0])} {step[1:]}")
            view = {
                "cluster": component.cluster,
                "frame_control": frame.frame_control,
                "command": frame.command,
                "name": command_name(component.cluster, frame.frame_control, frame.command),
                "fields": _named(component.cluster, frame),
            }
            if frame.sequence != index:  # several responses to one request share its sequence number
                view["sequence"] = frame.sequence
            if component.is_encrypted:
                view["encrypted"] = True
                view["additional_control"] = component.encrypted.additional_control
                view["frame_counter"] = component.encrypted.frame_counter
            if component.from_date_time is not None:
                view["from_date_time"] = component.from_date_time
            views.append(view)
        return views

    def _build(self, components: list[dict], context: Context, allowed, alert: dict | None = None) -> bytes:
        built = []
        for index, view in enumerate(components):
            step = (view["cluster"], view["frame_control"], view["command"])
            if step not in allowed:
                raise ValueError(f"{self.name} does not carry {step}")
            frame = build_frame(
                cluster=step[0],
                frame_control=step[1],
                command=step[2],
                fields=_unnamed(view["fields"]),
                sequence=view.get("sequence", index),
            )
            control = CONTROL_LAST if index == len(components) - 1 else 0
            control |= CONTROL_FROM_DATE_TIME if view.get("from_date_time") is not None else 0
            if view.get("encrypted"):
                built.append(_sealed(view, frame, control | CONTROL_ENCRYPTED, context))
            else:
                built.append(Component(control, step[0], frame, view.get("from_date_time")))
        if alert is not None:
            return GbzPayload(tuple(built), alert["alert_code"], alert["time_stamp"]).encode()
        return GbzPayload(tuple(built)).encode()


def default_responses(*clusters: int) -> frozenset[tuple[int, int, int]]:
    """ZCL Default Response (profile-wide, server to client) from each cluster."""
    return frozenset((cluster, 0x00, DEFAULT_RESPONSE) for cluster in clusters) | frozenset(
        (cluster, 0x08, DEFAULT_RESPONSE) for cluster in clusters
    )


def _sealed(view: dict, frame: ZclFrame, control: int, context: Context) -> Component:
    originator, _, _ = gbz_content_parties(context.header)
    ciphered = seal_content(context.content_key(), originator=originator, plaintext=frame.payload)
    encrypted = Encrypted(
        view.get("additional_control", 0), view.get("frame_counter", 0), frame.frame_control, frame.sequence,
        frame.command, ciphered[5:],
    )  # fmt: skip
    return Component(control, view["cluster"], None, view.get("from_date_time"), encrypted)


def _named(cluster: int, frame: ZclFrame) -> Any:
    """Attribute records get their names; other fields are already named by the schema."""
    if frame.frame_control & 0x03 == 0 and frame.command in (READ_ATTRIBUTES_RESPONSE, 0x02, 0x03, 0x05):
        return [{"name": attribute_name(cluster, r["attribute"]), **r} for r in frame.fields]
    if frame.frame_control & 0x03 == 0 and frame.command == READ_ATTRIBUTES:
        return [{"name": attribute_name(cluster, a), "attribute": a} for a in frame.fields]
    return frame.fields


def _unnamed(fields: Any) -> Any:
    if isinstance(fields, list) and fields and isinstance(fields[0], dict) and "name" in fields[0]:
        records = [{key: value for key, value in r.items() if key != "name"} for r in fields]
        return [r["attribute"] for r in records] if all(set(r) == {"attribute"} for r in records) else records
    return fields
