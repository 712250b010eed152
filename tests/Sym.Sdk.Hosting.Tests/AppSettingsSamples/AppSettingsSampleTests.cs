using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Tests;

namespace Sym.Sdk.Hosting.Tests.AppSettingsSamples;

/// <summary>
/// Every file in <c>src/Sym.Sdk.Hosting/appsettings-samples</c> starts a host exactly as <c>AddSymHosting</c> binds it,
/// passes every options validator, builds the engine with the flows it defines, and names no key the options lack.
/// </summary>
public sealed class AppSettingsSampleTests
{
    /// <summary>What a sample needs and holds. Add a row for each new sample file (the test fails for a file without one).</summary>
    /// <param name="Secrets">What the deployment supplies outside the file (environment variables, a secret store).</param>
    /// <param name="Sections">Integration sections and every options type bound from each, for the unknown-key check.</param>
    /// <param name="Check">Asserts a few bound values, so a file read by nothing cannot pass.</param>
    public sealed record Sample(
        IReadOnlyDictionary<string, string?> Secrets,
        IReadOnlyDictionary<string, Type[]> Sections,
        Action<IServiceProvider> Check);

    /// <summary>The table: file name → sample.</summary>
    public static readonly IReadOnlyDictionary<string, Sample> Samples = new Dictionary<string, Sample>(StringComparer.Ordinal)
    {
        ["okta.json"] = new(
            new Dictionary<string, string?> { ["Sym:Okta:ApiToken"] = "00test-okta-token" },
            new Dictionary<string, Type[]> { ["Sym:Okta"] = [typeof(OktaOptions)] },
            sp => sp.GetRequiredService<IOptions<OktaOptions>>().Value.Domain.Should().Be("acme.okta.com")),
        ["aws.json"] = new(
            new Dictionary<string, string?>(),
            new Dictionary<string, Type[]> { ["Sym:Aws"] = [typeof(AwsOptions)] },
            sp => sp.GetRequiredService<IOptions<AwsOptions>>().Value.IdentityStoreId.Should().Be("d-1234567890")),
        ["slack.json"] = new(
            new Dictionary<string, string?> { ["Sym:Slack:BotToken"] = "xoxb-test", ["Sym:Slack:SigningSecret"] = "test-signing-secret" },
            new Dictionary<string, Type[]>
            {
                ["Sym:Slack"] = [HostType("Sym.Sdk.Hosting.Internal.Slack.SlackHostOptions"), typeof(SlackOptions), typeof(SlackInteractionOptions)],
                ["Sym:Slack:Notifier"] = [typeof(SlackNotifierOptions)],
            },
            sp => sp.GetRequiredService<IOptions<SlackOptions>>().Value.PageSize.Should().Be(200)),
        ["pagerduty.json"] = new(
            new Dictionary<string, string?> { ["Sym:PagerDuty:ApiToken"] = "u+test-pagerduty-key" },
            new Dictionary<string, Type[]> { ["Sym:PagerDuty"] = [typeof(PagerDutyOptions)] },
            sp =>
            {
                sp.GetRequiredService<IPagerDutyClient>().Should().NotBeNull();
                PagerDutyOptions options = sp.GetRequiredService<IOptions<PagerDutyOptions>>().Value;
                options.ApiToken.Should().Be("u+test-pagerduty-key");
                options.BaseAddress.Should().Be(new Uri("https://api.pagerduty.com/"));
            }),
        ["github.json"] = new(
            new Dictionary<string, string?> { ["Sym:GitHub:Token"] = "github_pat_test" },
            new Dictionary<string, Type[]> { ["Sym:GitHub"] = [typeof(GitHubOptions)] },
            sp =>
            {
                sp.GetRequiredService<IGitHubClient>().Should().NotBeNull();
                sp.GetRequiredService<IOptions<GitHubOptions>>().Value.UserAgent.Should().Be("acme-sym-access");
            }),
    };

    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "src", "Sym.Sdk.Hosting", "appsettings-samples");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Folder_EveryFileHasARow_AndEveryRowAFile()
    {
        string[] files = [.. Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)!)];

        files.Should().BeEquivalentTo(Samples.Keys, "each sample file needs a row in AppSettingsSampleTests.Samples, and each row its file");
        files.Should().Contain(["okta.json", "aws.json", "slack.json", "pagerduty.json", "github.json"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Sample_StartsTheHost_PassesEveryValidator_AndBuildsItsFlows(string file)
    {
        Sample sample = Samples[file];
        IConfigurationRoot configuration = Load(file, sample);

        await using WebApplication app = await StartAsync(configuration);

        string[] flows = [.. configuration.GetSection("Sym:Flows").GetChildren().Select(c => c.Key)];
        app.Services.GetRequiredService<SymEngine>().Flows.Should().BeEquivalentTo(flows);
        sample.Check(app.Services);
        await app.StopAsync();
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sample_NamesNoKeyItsOptionsLack(string file)
    {
        Sample sample = Samples[file];
        IConfigurationRoot configuration = Load(file, sample);
        var unknown = new List<string>();
        foreach (IConfigurationSection env in configuration.GetSection("Sym:Environments").GetChildren())
        {
            Unknown(env, [typeof(EnvironmentOptions)], unknown);
        }

        foreach (IConfigurationSection flow in configuration.GetSection("Sym:Flows").GetChildren())
        {
            Unknown(flow, [typeof(FlowOptions), typeof(HostFlowKeys)], unknown);
        }

        foreach (KeyValuePair<string, Type[]> section in sample.Sections)
        {
            configuration.GetSection(section.Key).Exists().Should().BeTrue($"{file} should configure {section.Key}");
            Unknown(configuration.GetSection(section.Key), section.Value, unknown, skip: [.. sample.Sections.Keys]);
        }

        foreach (IConfigurationSection top in configuration.GetSection("Sym").GetChildren())
        {
            if (top.Key is not ("Environments" or "Flows") && !sample.Sections.ContainsKey(top.Path))
            {
                unknown.Add($"{top.Path} (no row of Samples names this section)");
            }
        }

        unknown.Should().BeEmpty($"every key of {file} must be read by the options the host binds");
    }

    [Fact]
    public void Drift_AKeyTheOptionsLack_IsFound()
    {
        IConfigurationRoot configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Okta:Domain"] = "acme.okta.com",
            ["Sym:Okta:ApiKey"] = "renamed",
            ["Sym:Flows:f:Strategy:IntegrationId"] = "okta",
            ["Sym:Flows:f:Targets:0:Settings:group_id"] = "00g",
        }).Build();
        var unknown = new List<string>();

        Unknown(configuration.GetSection("Sym:Okta"), [typeof(OktaOptions)], unknown);
        Unknown(configuration.GetSection("Sym:Flows:f"), [typeof(FlowOptions)], unknown);

        unknown.Should().BeEquivalentTo("Sym:Okta:ApiKey", "Sym:Flows:f:Strategy:IntegrationId");
    }

    [Fact]
    public async Task Drift_AValueAValidatorRefuses_FailsTheStart()
    {
        IConfigurationRoot configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Folder, "okta.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sym:Okta:ApiToken"] = "t", ["Sym:Environments:prod:Integrations:okta:Type"] = "" })
            .Build();

        Func<Task> start = async () =>
        {
            await using WebApplication app = await StartAsync(configuration);
        };

        (await start.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.InvalidEnvironment);
    }

    private static IConfigurationRoot Load(string file, Sample sample) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(Folder, file)).AddInMemoryCollection(sample.Secrets).Build();

    private static async Task<WebApplication> StartAsync(IConfiguration configuration)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.AddSymHosting(h => h.UseInMemoryStore());
        WebApplication app = builder.Build();
        try
        {
            await app.StartAsync();
            _ = app.Services.GetRequiredService<SymEngine>();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static Type HostType(string name) => typeof(SymApiOptions).Assembly.GetType(name, throwOnError: true)!;

    /// <summary>The keys of a flow's section the host reads besides <see cref="FlowOptions"/>.</summary>
    private sealed class HostFlowKeys
    {
        public string? Implementation { get; set; }

        public SymFlowApproversOptions? Approvers { get; set; }
    }

    /// <summary>Adds to <paramref name="unknown"/> every key under <paramref name="section"/> that no property of <paramref name="types"/> binds.</summary>
    private static void Unknown(IConfigurationSection section, Type[] types, List<string> unknown, string[]? skip = null)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (skip?.Contains(child.Path, StringComparer.OrdinalIgnoreCase) == true && !string.Equals(child.Path, section.Path, StringComparison.OrdinalIgnoreCase))
            {
                continue; // a nested section with its own row (Sym:Slack:Notifier)
            }

            PropertyInfo? property = types
                .Select(t => t.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))
                .FirstOrDefault(p => p is not null);
            if (property is null)
            {
                unknown.Add(child.Path);
                continue;
            }

            UnknownIn(child, property.PropertyType, unknown);
        }
    }

    private static void UnknownIn(IConfigurationSection section, Type type, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!section.GetChildren().Any() || type == typeof(string) || type.IsPrimitive || type == typeof(TimeSpan) || type == typeof(Uri))
        {
            return;
        }

        if (Generic(type, typeof(IDictionary<,>)) is { } dictionary)
        {
            foreach (IConfigurationSection entry in section.GetChildren())
            {
                UnknownIn(entry, dictionary.GetGenericArguments()[1], unknown);
            }

            return;
        }

        if (Generic(type, typeof(IList<>)) is { } list)
        {
            foreach (IConfigurationSection item in section.GetChildren())
            {
                UnknownIn(item, list.GetGenericArguments()[0], unknown);
            }

            return;
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return;
        }

        Unknown(section, [type], unknown);
    }

    private static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
