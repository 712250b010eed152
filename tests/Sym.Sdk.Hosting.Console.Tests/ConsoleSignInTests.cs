using Microsoft.Playwright;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>Signing in and out, the session's cookies and the pages' security headers, in a real browser.</summary>
public sealed class ConsoleSignInTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [BrowserFact]
    public async Task SignIn_ThroughTheProvider_SetsSecureCookiesAndSecurityHeaders()
    {
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        IResponse? signInPage = await page.GotoAsync(fixture.Host.Url("/").ToString());
        page.Url.Should().StartWith(fixture.Host.Url("/signin").ToString(), "the console asks an anonymous visitor to sign in");
        await fixture.CheckPageAsync(page, "signin");
        int tokensBefore = fixture.Idp.TokensIssued;
        await fixture.SignInAsync(page, "alice@example.com");
        fixture.Idp.TokensIssued.Should().Be(tokensBefore + 1, "the console exchanged the code for an ID token at the provider");
        fixture.Idp.Refusals.Should().BeEmpty("the console sent a PKCE challenge, its secret and the verifier");
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync("alice@example.com");

        IReadOnlyList<BrowserContextCookiesResult> cookies = await context.CookiesAsync();
        BrowserContextCookiesResult session = cookies.Single(c => c.Name == "sym.session");
        session.Secure.Should().BeTrue();
        session.HttpOnly.Should().BeTrue();
        session.SameSite.Should().Be(SameSiteAttribute.Lax);
        session.Expires.Should().Be(-1, "the session cookie ends with the browser; the ticket in it ends after SessionLifetime");
        BrowserContextCookiesResult antiforgery = cookies.Single(c => c.Name == "sym.af");
        antiforgery.Secure.Should().BeTrue();
        antiforgery.HttpOnly.Should().BeTrue();
        antiforgery.SameSite.Should().Be(SameSiteAttribute.Strict);

        IResponse? response = await page.GotoAsync(fixture.Host.Url("/").ToString());
        Dictionary<string, string> headers = new(await response!.AllHeadersAsync(), StringComparer.OrdinalIgnoreCase);
        headers["content-security-policy"].Should().Contain("frame-ancestors 'none'").And.Contain("script-src 'self'").And.NotContain("unsafe-inline");
        headers["x-frame-options"].Should().Be("DENY");
        headers["x-content-type-options"].Should().Be("nosniff");
        headers["cache-control"].Should().Be("no-store");
        signInPage!.Status.Should().Be(200);
    }

    [BrowserFact]
    public async Task SignIn_EmailNotVerified_IsRefusedWithAnExplanation()
    {
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await page.GotoAsync(fixture.Host.Url("/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Fake IdP" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync("eve@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not confirm your email address");
        (await context.CookiesAsync()).Should().NotContain(c => c.Name == "sym.session");
    }

    [BrowserFact]
    public async Task Session_AfterItsLifetime_AsksToSignInAgain()
    {
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await fixture.SignInAsync(page, "carol@example.com");
        await page.GotoAsync(fixture.Host.Url("/active").ToString());
        page.Url.Should().Be(fixture.Host.Url("/active").ToString(), "within its lifetime the session is accepted");
        try
        {
            fixture.Host.Time.Offset = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1); // past Sym:Console:SessionLifetime (8 h)
            await page.GotoAsync(fixture.Host.Url("/active").ToString());
            page.Url.Should().StartWith(fixture.Host.Url("/signin").ToString(), "an expired session is not accepted, however recent the last page");
        }
        finally
        {
            fixture.Host.Time.Offset = TimeSpan.Zero;
        }
    }

    [BrowserFact]
    public async Task SignOut_EndsTheSession()
    {
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await fixture.SignInAsync(page, "bob@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        await page.GotoAsync(fixture.Host.Url("/approvals").ToString());
        page.Url.Should().StartWith(fixture.Host.Url("/signin").ToString());
    }

    [BrowserFact]
    public async Task DemoSignIn_OutsideDevelopment_IsNotOfferedAndRefused()
    {
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await page.GotoAsync(fixture.Host.Url("/signin").ToString());
        await Assertions.Expect(page.GetByText("Demo sign-in")).ToHaveCountAsync(0);
        IFormData form = context.APIRequest.CreateFormData();
        form.Set("email", "alice@example.com");
        IAPIResponse response = await page.APIRequest.PostAsync(fixture.Host.Url("/signin/demo").ToString(), new() { Form = form });
        response.Status.Should().Be(403);
        (await response.TextAsync()).Should().Contain("only in the Development environment");
        (await context.CookiesAsync()).Should().NotContain(c => c.Name == "sym.session");
    }

    [BrowserFact]
    public async Task DemoSignIn_InDevelopment_SignsInAsTheChosenUser()
    {
        await using ConsoleHost development = await ConsoleHost.StartAsync(fixture.Idp, "Development");
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await page.GotoAsync(development.Url("/").ToString());
        await page.GetByLabel("Sign in as").SelectOptionAsync("alice@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync("alice@example.com");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My requests" })).ToBeVisibleAsync();
        fixture.Idp.ConsoleOrigin = fixture.Host.Address; // the provider serves the class's host again
    }

    [BrowserFact]
    public async Task CheckPage_AnAccessibilityViolation_FailsTheCheck()
    {
        // The accessibility check itself can fail: a form field without a label (axe: "label", critical) is reported.
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await page.GotoAsync(fixture.Host.Url("/signin").ToString());
        await page.EvaluateAsync("() => { const input = document.createElement('input'); input.type = 'text'; document.querySelector('main').appendChild(input); }");

        Func<Task> check = () => fixture.CheckPageAsync(page, "deliberately-broken");

        (await check.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("label (critical)");
    }

    [BrowserFact]
    public async Task ErrorPages_UnknownRun_FriendlyAndLeakNothing()
    {
        (IBrowserContext context, IPage page, _) = await fixture.NewPersonAsync();
        await using IBrowserContext scope = context;
        await fixture.SignInAsync(page, "alice@example.com");
        IResponse? response = await page.GotoAsync(fixture.Host.Url("/runs/no-such-run").ToString());
        response!.Status.Should().Be(404);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("There is no such request.");
        string html = await page.ContentAsync();
        html.Should().NotContain("Exception").And.NotContain(" at Sym.").And.NotContain(FakeIdentityProvider.ClientSecret);
        await fixture.CheckPageAsync(page, "not-found");
    }
}
