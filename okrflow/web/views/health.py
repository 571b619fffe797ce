from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse


def healthz(request):
    """200 once the database answers; 503 otherwise. For load balancers and `make run`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
