using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.PagerDuty;

namespace Sym.Sdk.Hosting.Tests;

/// <summary>
/// The PagerDuty and GitHub sample files in <c>src/Sym.Sdk.Hosting/appsettings-samples</c>, read as a host reads
/// <c>appsettings.json</c>, bound to the integrations' options and run through their validators.
/// </summary>
public sealed class AppSettingsSamplePagerDutyGitHubTests
{
    private static string Sample(string name) => Path.Combine(TestPaths.RepositoryRoot, "src", "Sym.Sdk.Hosting", "appsettings-samples", name);

    private static IConfiguration Load(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    private static PagerDutyOptions PagerDuty(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSymPagerDuty(o => configuration.GetSection("Sym:PagerDuty").Bind(o));
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PagerDutyOptions>>().Value;
    }

    private static GitHubOptions GitHub(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSymGitHub(o => configuration.GetSection("Sym:GitHub").Bind(o));
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GitHubOptions>>().Value;
    }

    [Fact]
    public void PagerDutySample_BindsAndValidates()
    {
        PagerDutyOptions options = PagerDuty(Load(File.ReadAllText(Sample("pagerduty.json"))));

        options.ApiToken.Should().StartWith("u+");
        options.BaseAddress.Should().Be(new Uri("https://api.pagerduty.com/"));
        options.MaxRetryAttempts.Should().Be(3);
        options.MaxRateLimitDelay.Should().Be(TimeSpan.FromMinutes(1));
        options.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void GitHubSample_BindsAndValidates()
    {
        GitHubOptions options = GitHub(Load(File.ReadAllText(Sample("github.json"))));

        options.Token.Should().StartWith("github_pat_");
        options.UserAgent.Should().Be("acme-sym-access");
        options.BaseAddress.Should().Be(new Uri("https://api.github.com/"));
        options.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("pagerduty.json", "PagerDuty", "ApiToken")]
    [InlineData("github.json", "GitHub", "Token")]
    public void Samples_WithoutTheSecret_FailValidationAtStart(string file, string section, string secret)
    {
        JsonNode sample = JsonNode.Parse(File.ReadAllText(Sample(file)))!;
        sample["Sym"]![section]!.AsObject().Remove(secret);
        IConfiguration configuration = Load(sample.ToJsonString());

        Action act = () => _ = section == "PagerDuty" ? PagerDuty(configuration) : (object)GitHub(configuration);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(secret);
    }

    [Fact]
    public void Samples_EveryKeyIsAnOption()
    {
        // A misspelt key binds nothing and is silently ignored: every key in the samples must name a property.
        foreach ((string file, string section, Type type) in new[] { ("pagerduty.json", "PagerDuty", typeof(PagerDutyOptions)), ("github.json", "GitHub", typeof(GitHubOptions)) })
        {
            JsonObject options = JsonNode.Parse(File.ReadAllText(Sample(file)))!["Sym"]![section]!.AsObject();
            options.Select(static p => p.Key).Should().OnlyContain(k => type.GetProperty(k) != null, $"{file} names only {type.Name} properties");
        }
    }
}
