"""Every router of the Kiosk Gateway API (``/api/v1``), in the order they are mounted."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.api import (
    appointments,
    audit,
    billing,
    counter_patients,
    counter_queue,
    dispense,
    drugs,
    ebills,
    enrolment,
    guidance,
    health_services,
    help_requests,
    hospital,
    identify,
    insurance,
    next_actions,
    payments,
    pharmacy,
    registration,
    reports,
    staff,
    usage,
)

ROUTERS: tuple[APIRouter, ...] = (
    identify.router,
    enrolment.router,
    reports.router,
    guidance.router,
    next_actions.router,
    pharmacy.router,
    health_services.router,
    usage.router,
    hospital.router,
    registration.router,
    appointments.router,
    billing.router,
    payments.router,
    insurance.router,
    ebills.router,
    staff.router,
    help_requests.router,
    counter_queue.router,
    counter_patients.router,
    drugs.router,
    dispense.router,
    audit.router,
)
