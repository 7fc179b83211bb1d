"""Each market's time zone: campaign dates are entered and shown in it.

One zone per market, the one its sellers and agencies keep their calendar in. (A candidate to
move to accounts beside `Market` once more than campaigns needs it.)
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from accounts.models import Market

TIME_ZONES: dict[str, ZoneInfo] = {
    Market.US: ZoneInfo("America/Los_Angeles"),
    Market.GB: ZoneInfo("Europe/London"),
    Market.ID: ZoneInfo("Asia/Jakarta"),
    Market.MY: ZoneInfo("Asia/Kuala_Lumpur"),
    Market.PH: ZoneInfo("Asia/Manila"),
    Market.SG: ZoneInfo("Asia/Singapore"),
    Market.TH: ZoneInfo("Asia/Bangkok"),
    Market.VN: ZoneInfo("Asia/Ho_Chi_Minh"),
}


def time_zone(market: str) -> ZoneInfo:
    return TIME_ZONES[Market(market)]
