"""The reference gateway's demo routes: codes as a patient's phone shows them, the demo
health-card pages, the demo wallet and the boxes to scan at the counter."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.api import drugs
from gateway.demo import api, pages, wallet

DEMO_ROUTERS: tuple[APIRouter, ...] = (api.router, pages.router, wallet.router, drugs.demo_router)
