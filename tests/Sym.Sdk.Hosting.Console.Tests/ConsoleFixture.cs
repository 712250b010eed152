using System.Text.Json;
using Microsoft.Playwright;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>
/// One identity provider, one console host and one browser for the test class; every story opens fresh browser contexts
/// (separate cookie jars: separate people). Users at the provider: alice (requester), bob (the flow's approver), carol
/// (not an approver), root (in the <c>sym-admins</c> group: an admin), eve (email not verified).
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private string? _axe;

    internal FakeIdentityProvider Idp { get; private set; } = null!;

    internal ConsoleHost Host { get; private set; } = null!;

    internal IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return; // skipped locally: the tests say how to install what is missing
        }

        Chromium.Require();
        _axe = await File.ReadAllTextAsync(Chromium.AxePath);
        Idp = await FakeIdentityProvider.StartAsync();
        Idp.AddUser("alice@example.com");
        Idp.AddUser("bob@example.com");
        Idp.AddUser("carol@example.com");
        Idp.AddUser("root@example.com", true, "sym-admins", "engineering");
        Idp.AddUser("eve@example.com", emailVerified: false);
        Host = await ConsoleHost.StartAsync(Idp);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.ExecutablePath, Args = Chromium.Arguments });
    }

    /// <summary>A new browser context (a new person), trusting the host's throwaway certificate, recording CSP violations.</summary>
    internal async Task<(IBrowserContext Context, IPage Page, List<string> CspViolations)> NewPersonAsync()
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-US",
        });
        IPage page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        return (context, page, violations);
    }

    /// <summary>Signs in through the provider: the console's sign-in page, the provider's page, back with a code.</summary>
    internal async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(Host.Url("/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Fake IdP" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Idp.Authority.ToString(), StringComparison.Ordinal));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Host.Address.ToString(), StringComparison.Ordinal) && !url.Contains("signin", StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs axe-core on the page (no serious or critical violation may remain) and writes its screenshots at desktop and
    /// phone widths to artifacts/console-screenshots.
    /// </summary>
    internal async Task CheckPageAsync(IPage page, string name)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (an inline
        // script tag would be refused, as it should be).
        await page.EvaluateAsync($"() => {{ {_axe}\n }}");
        JsonElement violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
            + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))");
        violations.EnumerateArray().Select(static v => v.GetString()).Should().BeEmpty($"axe-core finds no serious or critical violation on the {name} page");
        (await page.ContentAsync()).Should().NotContain(FakeIdentityProvider.ClientSecret, "no secret is ever rendered");

        Directory.CreateDirectory(Chromium.ScreenshotFolder);
        PageViewportSizeResult desktop = page.ViewportSize!;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-phone.png"), FullPage = true });
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))
            .Should().BeLessThanOrEqualTo(0, $"the {name} page fits a phone's width (wide tables scroll inside their own box)");
        await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
    }
}
