using Sym.Sdk.Tests;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>
/// What the browser tests need from the machine: Debian's Chromium at <see cref="ExecutablePath"/> and axe-core's
/// <c>axe.min.js</c> from the npm registry. Locally, without them, the tests are skipped with how to get them; in CI
/// (<c>CI=true</c>), where .ci/run installs both, they fail.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Launch flags that work in a container as root, offline.</summary>
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static readonly string HowToInstall =
        "The console's browser tests need Debian's Chromium and axe-core. As root: apt-get install -y chromium; then, from the "
        + "repository root: npm install --prefix artifacts/axe-core axe-core@4 (or set SYM_AXE_CORE to an axe.min.js). "
        + ".ci/run does both.";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string AxePath => Environment.GetEnvironmentVariable("SYM_AXE_CORE") is { Length: > 0 } path
        ? path
        : Path.Combine(TestPaths.RepositoryRoot, "artifacts", "axe-core", "node_modules", "axe-core", "axe.min.js");

    public static string ScreenshotFolder => Path.Combine(TestPaths.RepositoryRoot, "artifacts", "console-screenshots");

    private static bool Available => File.Exists(ExecutablePath) && File.Exists(AxePath);

    /// <summary>Why the tests are skipped, or <see langword="null"/> when they run (all is there, or this is CI, where they must).</summary>
    public static string? SkipReason => Available || InCi ? null : HowToInstall;

    public static void Require()
    {
        if (!Available)
        {
            throw new InvalidOperationException($"Chromium ({ExecutablePath}) or axe-core ({AxePath}) is missing, and this is CI (CI=true), where the browser tests must run. {HowToInstall}");
        }
    }
}

/// <summary>A fact that needs the browser: skipped without it locally (saying how to install it), failing without it in CI.</summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason;
}
