"""Device alerts: DLMS Data-Notifications and GBZ alerts, by message code.

A DLMS alert's body is a structure of the alert code (long-unsigned), the time stamp (date-time)
and the alert's own content; a GBZ alert carries the alert code and time stamp (seconds since
2000) in its header, then components (GCS53's billing data log) or its own fields. Alert content
is kept typed (``any``) unless the alert declares a shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..axdr import Data, DataType, encode_data
from ..dlms import DataNotification
from ..errors import MalformedMessage
from ..gbz import GbzPayload
from ..message import PayloadKind
from ..protection import ProtectedData, gbz_content_parties, seal_content
from .base import Context
from .dlms_engine import invoke_id
from .gbz_engine import GbzUseCase
from .shapes import shape

HEAD = "(u16, dt)"


@dataclass(frozen=True)
class AlertUseCase:
    name: str
    code: int
    content: str | None = None  # the shape of the DLMS content after code and time stamp (a tuple), else typed items
    gbz_steps: frozenset = frozenset()  # GBZ components the alert may carry
    protected: str | None = None  # the content is encrypted for the Remote Party: its name in the view

    def alert(self, values: dict[str, Any], context: Context) -> bytes:
        if values.get("kind", "dlms") == "gbz":
            return self._gbz_alert(values, context)
        head = shape(HEAD).build([values["alert_code"], values["time_stamp"]])
        if self.protected:
            content = self._seal(values["content"][self.protected], context)
        elif self.content:
            content = shape(self.content).build(values["content"]).value
        else:
            content = tuple(values["content"])
        return DataNotification(invoke_id(context.header.counter), Data.structure(*head.value, *content)).encode()

    def read_alert(self, message) -> dict[str, Any]:
        if message.kind == PayloadKind.GBZ:
            return self._read_gbz(message)
        body = message.payload.body
        if body.type != DataType.STRUCTURE or len(body.value) < 2:
            raise MalformedMessage(f"A {self.name} alert is a structure of alert code, time stamp and content")
        alert_code, time_stamp = shape(HEAD).read(Data.structure(*body.value[:2]))
        rest = body.value[2:]
        if self.protected:
            if ProtectedData.from_data(Data.structure(*rest)) is None:
                raise MalformedMessage(f"A {self.name} alert carries protected content")
            content = {self.protected: message.protected.get(2)}  # None while sealed (keys unknown)
        else:
            content = shape(self.content).read(Data.structure(*rest)) if self.content else list(rest)
        return {"kind": "dlms", "alert_code": alert_code, "time_stamp": time_stamp, "content": content}

    @staticmethod
    def _seal(plaintext: Data, context: Context) -> tuple[Data, Data]:
        originator, _, _ = gbz_content_parties(context.header)
        ciphered = seal_content(context.content_key(), originator=originator, plaintext=encode_data(plaintext))
        header = context.header
        protected = ProtectedData(header.counter, header.originator, header.recipient, ciphered).to_data()
        return protected.value

    def _read_gbz(self, message) -> dict[str, Any]:
        payload: GbzPayload = message.payload
        view = {"kind": "gbz", "alert_code": payload.alert_code, "time_stamp": payload.time_stamp}
        if payload.alert_content is not None:
            return {**view, "count": payload.count, "content": payload.alert_content}
        return {**view, "components": GbzUseCase(self.name, self.code, self.gbz_steps)._read(payload, self.gbz_steps)}

    def _gbz_alert(self, values: dict[str, Any], context: Context) -> bytes:
        if "content" in values:
            payload = GbzPayload((), values["alert_code"], values["time_stamp"], values["content"], values["count"])
            return payload.encode()
        codec = GbzUseCase(self.name, self.code, self.gbz_steps, self.gbz_steps)
        return codec.alert(values, context)
