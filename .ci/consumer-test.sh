#!/usr/bin/env bash
# The packages as a consumer meets them (tests/Consumer): projects outside the repository's build restore the .nupkg
# files in artifacts/packages (run `dotnet pack Sym.Sdk.sln -c Release -o artifacts/packages` first) with
# Microsoft.Extensions pinned at 10.0.0 and warnings as errors (a floor above 10.0.0 is NU1605). Sym.Sdk.ConsumerTests
# runs a flow on the harness; Sym.Sdk.Hosting.ConsumerApp restores and builds a host on the hosting packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tests=tests/Consumer/Sym.Sdk.ConsumerTests/Sym.Sdk.ConsumerTests.csproj
app=tests/Consumer/Sym.Sdk.Hosting.ConsumerApp/Sym.Sdk.Hosting.ConsumerApp.csproj
if ! compgen -G "artifacts/packages/Sym.Sdk.*.nupkg" >/dev/null; then
  echo "error: no packages in artifacts/packages; run dotnet pack Sym.Sdk.sln -c Release -o artifacts/packages first" >&2
  exit 1
fi

# Every pack makes version 0.1.0 again: forget the Sym.Sdk packages a previous run extracted (the consumers' own packages
# folder, see tests/Consumer/NuGet.config), so this run tests what was just packed. Third-party packages stay cached.
rm -rf artifacts/consumer-packages/sym.sdk artifacts/consumer-packages/sym.sdk.*

for project in "$tests" "$app"; do
  dotnet restore "$project" --force -warnaserror
  dotnet build "$project" -c Release --no-restore -warnaserror
done
dotnet test "$tests" -c Release --no-build
