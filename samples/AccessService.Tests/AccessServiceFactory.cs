using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CustomAccess;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Hosting;
using Sym.Sdk.Testing.Slack;

namespace AccessService.Tests;

/// <summary>
/// The sample's own Program in Development (its demo keys and demo access API), on a temporary SQLite file, with three
/// more keys: mallory (a member who is not among the flow's approvers), root (an admin) and gus (a guest). Alice requests;
/// bob and carol are the flow's approvers. With <see cref="WithSlack"/>, Sym:Slack is on over a <see cref="FakeSlack"/>.
/// </summary>
internal sealed class AccessServiceFactory : WebApplicationFactory<Program>
{
    public const string AliceKey = "sym_demo-alice-NOT-SECRET-replace-me-0123456789";
    public const string BobKey = "sym_demo-bob-NOT-SECRET-replace-me-0123456789ab";
    public const string MalloryKey = "sym_mallory-test-key-0123456789abcdefghijklmnopqrstu";
    public const string RootKey = "sym_root-test-key-0123456789abcdefghijklmnopqrstuvwx";
    public const string GuestKey = "sym_gus-test-key-0123456789abcdefghijklmnopqrstuvwxy";
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    private readonly string _directory = Directory.CreateTempSubdirectory("access-service-tests-").FullName;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _kestrel;

    public AccessServiceFactory(Dictionary<string, string?>? settings = null, bool kestrel = false, bool slack = false)
    {
        _kestrel = kestrel;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Sym:Storage:Path"] = Path.Combine(_directory, "access-service.db"),
            ["Sym:Api:Keys:2:Name"] = "mallory", ["Sym:Api:Keys:2:Hash"] = SymApiKeys.Hash(MalloryKey), ["Sym:Api:Keys:2:User"] = "mallory@healthy-health.co",
            ["Sym:Api:Keys:3:Name"] = "root", ["Sym:Api:Keys:3:Hash"] = SymApiKeys.Hash(RootKey), ["Sym:Api:Keys:3:User"] = "root@healthy-health.co",
            ["Sym:Api:Keys:3:Role"] = "admin",
            ["Sym:Api:Keys:4:Name"] = "gus", ["Sym:Api:Keys:4:Hash"] = SymApiKeys.Hash(GuestKey), ["Sym:Api:Keys:4:User"] = "gus@partner.example",
            ["Sym:Api:Keys:4:Role"] = "guest",
        };
        if (slack)
        {
            _settings["Sym:Slack:BotToken"] = "xoxb-test-token";
            _settings["Sym:Slack:SigningSecret"] = SigningSecret;
            Slack = new FakeSlack();
            Slack.AddUser("alice", "alice@healthy-health.co", id: "U0ALICE");
            Slack.AddUser("bob", "bob@healthy-health.co", id: "U0BOB");
            Slack.AddUser("mallory", "mallory@healthy-health.co", id: "U0MAL");
            Slack.AddChannel("sym-requests", id: "C0REQUESTS", members: ["U0ALICE", "U0BOB", "U0MAL"]);
            Slack.AddChannel("sym-errors", id: "C0ERRORS");
        }

        foreach (KeyValuePair<string, string?> setting in settings ?? [])
        {
            _settings[setting.Key] = setting.Value;
        }

        ClientOptions.AllowAutoRedirect = false;
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public FakeSlack? Slack { get; }

    public HttpClient Client(string? key = null)
    {
        HttpClient client = CreateClient(); // ClientOptions: on Kestrel, the factory points them at the server's address
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Posts a Slack request signed with the signing secret, as Slack does.</summary>
    public Task<HttpResponseMessage> PostSlackAsync(string path, string body)
    {
        string timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(SigningSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
        return Client().SendAsync(request);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (KeyValuePair<string, string?> setting in _settings)
        {
            builder.UseSetting(setting.Key, setting.Value);
        }

        builder.ConfigureTestServices(services =>
        {
            Slack?.AddTo(services);
            if (!_kestrel)
            {
                // The strategy calls the demo access API this very host serves: through the TestServer, not a socket.
                services.AddHttpClient(CustomAccessStrategy.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file the host still holds: the OS cleans the temp folder.
            }
        }
    }
}
