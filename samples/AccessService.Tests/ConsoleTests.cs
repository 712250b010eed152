using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AccessService.Tests;

/// <summary>The sample turns the web console on at its root; in Development it offers the demo sign-in.</summary>
public class ConsoleTests
{
    [Fact]
    public async Task Root_InDevelopment_AsksToSignInAndOffersTheDemoUsers()
    {
        await using var host = new AccessServiceFactory();
        // Plain http, as `dotnet run` serves it on http://localhost:5080: in Development the cookies follow the request.
        HttpClient browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        HttpResponseMessage root = await browser.GetAsync(new Uri("/", UriKind.Relative));
        root.StatusCode.Should().Be(HttpStatusCode.Redirect);
        root.Headers.Location!.ToString().Should().StartWith("/signin?returnUrl=");

        HttpResponseMessage signIn = await browser.GetAsync(root.Headers.Location);
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        string html = await signIn.Content.ReadAsStringAsync();
        html.Should().Contain("Demo sign-in (Development only)").And.Contain("<option value=\"alice@healthy-health.co\">")
            .And.Contain("<option value=\"admin@healthy-health.co\">admin@healthy-health.co (admin)</option>");
        signIn.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'");
        signIn.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("sym.af=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase)
            && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
    }
}
