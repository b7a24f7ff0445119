"""The reference gateway's demo routes: codes as a patient's phone shows them, the demo
health-card pages, the demo wallet and the boxes to scan at the counter."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.demo import api, boxes, pages, payment_code_wallet, wallet, wristbands

DEMO_ROUTERS: tuple[APIRouter, ...] = (api.router, pages.router, payment_code_wallet.router, wallet.router,
                                       boxes.router, wristbands.router)
