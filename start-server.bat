@echo off
rem Set up (idempotent) and start the JobWise API in the foreground on Windows.
rem Settings come from environment variables (see .env.example); extra arguments go to uvicorn.
setlocal
cd /d "%~dp0"
if not exist .venv\Scripts\python.exe (
  python -m venv .venv || exit /b 1
)
.venv\Scripts\python -m pip install -q --disable-pip-version-check -r requirements.txt || exit /b 1
if not exist var mkdir var
if not defined HOST set HOST=127.0.0.1
if not defined PORT set PORT=8000
if not defined WORKERS set WORKERS=1
rem Without REDIS_URL rate limits are kept per process: several workers would multiply them.
if not "%WORKERS%"=="1" if not defined REDIS_URL (
  echo WORKERS=%WORKERS% refused: without REDIS_URL rate limits are kept per process and would multiply by the workers.
  exit /b 2
)
.venv\Scripts\python -m app.cli migrate || exit /b 1
.venv\Scripts\python -m uvicorn app.main:create_app --factory --no-proxy-headers --host %HOST% --port %PORT% --workers %WORKERS% %*
