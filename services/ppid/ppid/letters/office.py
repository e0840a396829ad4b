"""The office on every letter: its letterhead and the people who sign, from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chassis.letters import Letterhead, Signer

if TYPE_CHECKING:
    pass


PPID_TITLE = "Pejabat Pengelola Informasi dan Dokumentasi (PPID)"
OFFICER_ROLE = "Pejabat Pengelola Informasi dan Dokumentasi"
SUPERIOR_ROLE = "Atasan PPID"
DESK_ROLE = "Petugas Pelayanan Informasi"


@dataclass(frozen=True)
class Office:
    """The office as its letters show it: the letterhead's parts and the two people who sign."""

    name: str  # ORG_NAME, e.g. "Dinas Komunikasi dan Informatika Kota Kotamobagu"
    ppid_title: str = PPID_TITLE
    address: str = ""
    city: str = ""  # e.g. "Kotamobagu"
    region: str = ""  # e.g. "Pemerintah Kota Kotamobagu"
    officer: Signer = field(default_factory=Signer)
    superior: Signer = field(default_factory=Signer)
    notice_signer: str = "officer"  # NOTICE_SIGNER: "officer" or "superior"

    @classmethod
    def from_settings(cls, settings: object) -> Office:
        """The one office of every PPID letter, API and pages alike.

        A NIP in the settings that is not 18 digits is refused here, naming the setting, rather than printed.
        """

        def signer(prefix: str) -> Signer:
            try:
                return Signer(
                    name=getattr(settings, f"{prefix}_name", ""),
                    nip=getattr(settings, f"{prefix}_nip", ""),
                    position=getattr(settings, f"{prefix}_position", ""),
                )
            except ValueError as exc:
                raise ValueError(f"{prefix.upper()}_NIP: {exc}") from exc

        head = Letterhead.from_settings(settings)
        return cls(
            name=head.name,
            address=head.address,
            city=head.city,
            region=head.region,
            officer=signer("ppid_officer"),
            superior=signer("ppid_superior"),
            notice_signer=getattr(settings, "notice_signer", "officer"),
        )

    @property
    def letterhead(self) -> Letterhead:
        return Letterhead(
            name=self.name, region=self.region, unit=self.ppid_title, address=self.address, city=self.city
        )

    def notice_signature(self) -> tuple[str, Signer]:
        """(role, signer) of the written notice and the extension notice, as ``NOTICE_SIGNER`` says."""
        if self.notice_signer == "superior":
            return SUPERIOR_ROLE, self.superior
        return OFFICER_ROLE, self.officer
