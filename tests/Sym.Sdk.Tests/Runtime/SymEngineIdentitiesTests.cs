using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SymEngineIdentitiesTests
{
    public sealed class CapturingFlow : FlowImplementation
    {
        public List<Event> Seen { get; } = [];

        public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
        {
            Seen.Add(evt);
            return default;
        }
    }

    public sealed class OktaStrategy : AccessStrategy
    {
        public override string IdentityService => "okta";

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new("fetched");

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }

    private static readonly User Alice = new()
    {
        Username = "alice@example.com", Email = "alice@example.com",
        Identities = [new UserIdentity { Service = "slack", ServiceId = "T01", UserId = "U0ALICE" }],
    };

    private static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSym().AddFlow<CapturingFlow>("okta_access", f => f.UseStrategy<OktaStrategy>());
        return services.BuildServiceProvider();
    }

    private static Task<SymActionResult> RequestAsync(SymEngine engine, User requester) =>
        engine.RequestAsync(new AccessRequest { Flow = "okta_access", Requester = requester, Duration = TimeSpan.FromHours(1) });

    [Fact]
    public async Task PersistUserIdentityAsync_ByEmail_IsOnTheEventUsersIdentities_BesideTheFrontEndsOwn()
    {
        using ServiceProvider sp = Build();
        SymEngine engine = sp.GetRequiredService<SymEngine>();
        await engine.PersistUserIdentityAsync("ALICE@example.com", new UserIdentity { Service = "okta", ServiceId = "acme.okta.com", UserId = "00u-acme" });
        await engine.PersistUserIdentityAsync("alice@example.com", new UserIdentity { Service = "okta", ServiceId = "other.okta.com", UserId = "00u-other" });
        await engine.PersistUserIdentityAsync("alice@example.com", new UserIdentity { Service = "slack", ServiceId = "T01", UserId = "U0STALE" });

        (await RequestAsync(engine, Alice)).IsApplied.Should().BeTrue();

        User user = sp.GetRequiredService<CapturingFlow>().Seen.Single().User;
        user.Identity("okta", "acme.okta.com")!.UserId.Should().Be("00u-acme");
        user.Identity("okta", "other.okta.com")!.UserId.Should().Be("00u-other");
        user.Identity("slack")!.UserId.Should().Be("U0ALICE", "the identity the front end gave wins over a stored one of the same service and id");
        user.Identities.Should().HaveCount(3);
    }

    [Fact]
    public async Task GetUserIdentityAsync_ByEmailServiceAndServiceId()
    {
        using ServiceProvider sp = Build();
        SymEngine engine = sp.GetRequiredService<SymEngine>();
        await engine.PersistUserIdentityAsync("alice@example.com", new UserIdentity { Service = "okta", ServiceId = "acme.okta.com", UserId = "00u-acme" });

        (await engine.GetUserIdentityAsync("alice@example.com", "okta", "acme.okta.com"))!.UserId.Should().Be("00u-acme");
        (await engine.GetUserIdentityAsync("alice@example.com", "okta"))!.UserId.Should().Be("00u-acme");
        (await engine.GetUserIdentityAsync("alice@example.com", "okta", "other.okta.com")).Should().BeNull();
        (await engine.GetUserIdentityAsync("bob@example.com", "okta")).Should().BeNull();
    }

    [Fact]
    public async Task RequesterIdentity_PersistedByEmail_IsWhatTheStrategyGets_WithoutFetching()
    {
        using ServiceProvider sp = Build();
        SymEngine engine = sp.GetRequiredService<SymEngine>();
        await engine.PersistUserIdentityAsync("alice@example.com", new UserIdentity { Service = "okta", UserId = "00u-stored" });
        await RequestAsync(engine, Alice);

        Event evt = sp.GetRequiredService<CapturingFlow>().Seen.Single();
        (await sp.GetRequiredService<OktaStrategy>().GetRequesterIdentityAsync(evt)).Should().Be("00u-stored");
    }

    [Theory]
    [InlineData("", "okta", "00u1", null)]
    [InlineData("not-an-email", "okta", "00u1", null)]
    [InlineData("alice@example.com", "", "00u1", null)]
    [InlineData("alice@example.com", "okta", null, null)]
    public async Task PersistUserIdentityAsync_InvalidInput_ThrowsInvalidIdentity_AndStoresNothing(string email, string service, string? userId, string? identityEmail)
    {
        using ServiceProvider sp = Build();
        SymEngine engine = sp.GetRequiredService<SymEngine>();

        Func<Task> persist = async () => await engine.PersistUserIdentityAsync(email, new UserIdentity { Service = service, UserId = userId, Email = identityEmail });

        (await persist.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.InvalidIdentity);
        (await sp.GetRequiredService<ISymIdentityStore>().ListIdentitiesAsync(new User { Username = "alice@example.com" })).Should().BeEmpty();
    }

    [Fact]
    public async Task GetUserIdentityAsync_NoService_ThrowsInvalidIdentity()
    {
        using ServiceProvider sp = Build();

        Func<Task> read = async () => await sp.GetRequiredService<SymEngine>().GetUserIdentityAsync("alice@example.com", " ");

        (await read.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.InvalidIdentity);
    }

    [Fact]
    public async Task EventIdentities_StoreReadFails_TheEventGoesOnWithTheFrontEndsIdentities()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISymStore>(new FailingIdentityStore());
        services.AddSym().AddFlow<CapturingFlow>("okta_access", f => f.UseStrategy<OktaStrategy>());
        using ServiceProvider sp = services.BuildServiceProvider();

        (await RequestAsync(sp.GetRequiredService<SymEngine>(), Alice)).IsApplied.Should().BeTrue();

        sp.GetRequiredService<CapturingFlow>().Seen.Single().User.Identities.Should().ContainSingle().Which.UserId.Should().Be("U0ALICE");
    }

    private sealed class FailingIdentityStore : Sym.Sdk.Testing.Tests.Crash.DelegatingStore
    {
        public override ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("identities table unavailable");
    }
}
