#!/usr/bin/env bash
# The dotnet new templates and the sym tool as a user meets them, from the packages in artifacts/packages (run
# `dotnet pack Sym.Sdk.sln -c Release -o artifacts/packages` first):
#   - Sym.Sdk.Templates is installed with `dotnet new install` into a throwaway DOTNET_CLI_HOME (the machine's own
#     template list is untouched); every variant is instantiated (sym-flow with each --strategy, sym-service), and all of
#     them are built in one solution, with one restore, with warnings as errors, and their generated tests run. The
#     generated projects reference the Sym.Sdk packages by version (never by path) and restore them from
#     artifacts/packages through a nuget.config this script writes beside them.
#   - A --strategy value that is not a choice must be refused by dotnet new, naming the valid ones.
#   - Sym.Cli is installed with `dotnet tool install --tool-path` from artifacts/packages (and no other source), and
#     `sym --help`, `sym keys mint` and a command without a login (exit code 3) run.
# Packages go to artifacts/consumer-packages, the folder .ci/consumer-test.sh restores into (third-party packages are
# shared); the Sym.* entries are emptied first, since every pack makes version 0.1.0 again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$(date +%s)

packages="$root/artifacts/packages"
for id in Sym.Sdk Sym.Sdk.Integrations Sym.Sdk.Testing Sym.Sdk.Hosting Sym.Sdk.Templates Sym.Cli; do
  if [ ! -f "$packages/$id.0.1.0.nupkg" ]; then
    echo "error: $packages/$id.0.1.0.nupkg is missing; run dotnet pack Sym.Sdk.sln -c Release -o artifacts/packages first" >&2
    exit 1
  fi
done

export NUGET_PACKAGES="$root/artifacts/consumer-packages"
mkdir -p "$NUGET_PACKAGES"
rm -rf "$NUGET_PACKAGES"/sym.sdk "$NUGET_PACKAGES"/sym.sdk.* "$NUGET_PACKAGES"/sym.cli

work=$(mktemp -d "${TMPDIR:-/tmp}/sym-templates.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_HOME="$work/home"
mkdir -p "$DOTNET_CLI_HOME"

echo "== dotnet new install Sym.Sdk.Templates (from artifacts/packages)"
dotnet new install "$packages/Sym.Sdk.Templates.0.1.0.nupkg"

gen="$work/gen"
mkdir -p "$gen"
cat > "$gen/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="sym-local" value="$packages" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="sym-local">
      <package pattern="Sym.Sdk" />
      <package pattern="Sym.Sdk.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
XML

echo "== a --strategy that is not a choice is refused"
if dotnet new sym-flow -n Acme.Bad --strategy gcp -o "$gen/bad" >"$work/bad.out" 2>&1; then
  echo "error: dotnet new sym-flow --strategy gcp succeeded" >&2
  exit 1
fi
if ! grep -q "approval-only" "$work/bad.out"; then
  echo "error: the refusal of --strategy gcp does not list the valid values:" >&2
  cat "$work/bad.out" >&2
  exit 1
fi
rm -rf "$gen/bad"

echo "== instantiate every variant"
strategies=(custom okta aws-iam aws-sso lambda approval-only)
for s in "${strategies[@]}"; do
  name="Acme.$(echo "$s" | sed -E 's/(^|-)([a-z])/\U\2/g').Access"     # aws-sso -> Acme.AwsSso.Access
  dotnet new sym-flow -n "$name" --strategy "$s" -o "$gen/flow-$s" >/dev/null
done
dotnet new sym-service -n Acme.AccessService -o "$gen/service" >/dev/null

# Template syntax must never reach a user's files.
if grep -rlE '#if \(|#elif|#endif|<!--#|SymTemplate|SYM_SDK_VERSION' "$gen" --include='*.cs' --include='*.csproj' --include='*.md' \
    --include='*.json' --include='*.props' --include='*.sln' --include='Dockerfile'; then
  echo "error: the files above still hold template syntax or placeholders" >&2
  exit 1
fi
test -f "$gen/flow-custom/Acme.Custom.Access/GrantStrategy.cs"
test -f "$gen/flow-approval-only/Acme.ApprovalOnly.Access/ApprovalOnlyStrategy.cs"
test ! -e "$gen/flow-okta/Acme.Okta.Access/GrantStrategy.cs"
test -f "$gen/service/Dockerfile"

echo "== build every variant in one solution (one restore), warnings as errors"
(
  cd "$gen"
  dotnet new sln -n AllVariants >/dev/null
  dotnet sln AllVariants.slnx add $(find . -name '*.csproj' | sort) >/dev/null 2>&1 \
    || dotnet sln AllVariants.sln add $(find . -name '*.csproj' | sort) >/dev/null
  sln=$(ls AllVariants.sln* | head -1)
  dotnet restore "$sln" -warnaserror
  dotnet build "$sln" -c Release --no-restore -warnaserror
  echo "== the generated tests"
  dotnet test "$sln" -c Release --no-build
)

echo "== dotnet tool install Sym.Cli (from artifacts/packages), sym --help"
# Only the local folder: a package of the same name on a public registry must not stand in for the one just packed.
cat > "$work/tools.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="sym-local" value="$packages" />
  </packageSources>
</configuration>
XML
dotnet tool install Sym.Cli --version 0.1.0 --tool-path "$work/tools" --configfile "$work/tools.config"
"$work/tools/sym" --help >"$work/help.out"
grep -q "Exit codes" "$work/help.out" || { echo "error: sym --help printed no exit codes:" >&2; cat "$work/help.out" >&2; exit 1; }
grep -q "^  approve <run>" "$work/help.out" || { echo "error: sym --help lists no approve command" >&2; exit 1; }
"$work/tools/sym" keys mint --user ci@example.com | grep -q '^hash: [0-9a-f]\{64\}$'
set +e
"$work/tools/sym" requests >/dev/null 2>"$work/requests.err"
code=$?
set -e
if [ "$code" -ne 3 ]; then
  echo "error: sym requests without a login exited $code, not 3" >&2
  exit 1
fi

echo "templates and tool: done in $(( $(date +%s) - start ))s"
