using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Internal.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>One console request: its services, the signed-in person as a Sym <see cref="Sdk.User"/>, and page plumbing.</summary>
internal sealed class ConsoleRequest
{
    private ConsoleRequest(HttpContext http)
    {
        Http = http;
        IServiceProvider services = http.RequestServices;
        Engine = services.GetRequiredService<SymEngine>();
        Options = services.GetRequiredService<IOptions<SymConsoleOptions>>().Value;
        Route = services.GetRequiredService<ConsoleRoute>();
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Environment = services.GetRequiredService<IHostEnvironment>();
        Antiforgery = services.GetRequiredService<IAntiforgery>();
        User = http.User.Identity is { IsAuthenticated: true, AuthenticationType: ConsoleDefaults.CookieScheme } ? ApiMapping.ToUser(http.User) : null;
    }

    public HttpContext Http { get; }

    public SymEngine Engine { get; }

    public SymConsoleOptions Options { get; }

    public ConsoleRoute Route { get; }

    public TimeProvider Time { get; }

    public IHostEnvironment Environment { get; }

    public IAntiforgery Antiforgery { get; }

    /// <summary>The signed-in person, or <see langword="null"/> on the anonymous pages.</summary>
    public User? User { get; }

    public User RequireUser => User ?? throw new InvalidOperationException("The console page needs a signed-in user.");

    public bool IsAdmin => User?.Role == UserRole.Admin;

    public DateTimeOffset Now => Time.GetUtcNow();

    public static ConsoleRequest For(HttpContext http) =>
        http.Items.TryGetValue(typeof(ConsoleRequest), out object? existing) && existing is ConsoleRequest request
            ? request
            : (ConsoleRequest)(http.Items[typeof(ConsoleRequest)] = new ConsoleRequest(http));

    /// <summary>A console URL: the app's path base, the console's prefix and <paramref name="relative"/>.</summary>
    public string Url(string relative) => $"{Http.Request.PathBase}{Route.Path(relative)}";

    /// <summary>The URL of a run's page.</summary>
    public string RunUrl(string runId, string? suffix = null) => Url($"runs/{Uri.EscapeDataString(runId)}{suffix}");

    /// <summary>The hidden antiforgery field every POST form carries.</summary>
    public Markup AntiforgeryField()
    {
        AntiforgeryTokenSet tokens = Antiforgery.GetAndStoreTokens(Http);
        return new Html().Add($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">").ToMarkup();
    }

    /// <summary>Whether the posted form carries a valid antiforgery token (a form this site rendered for this person).</summary>
    public Task<bool> IsValidFormAsync() => Antiforgery.IsRequestValidAsync(Http);

    /// <summary>A form field's value, trimmed of nothing, or <see langword="null"/> when absent or empty.</summary>
    public static string? Field(IFormCollection form, string name) => form.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues v) && v.ToString() is { Length: > 0 } s ? s : null;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
