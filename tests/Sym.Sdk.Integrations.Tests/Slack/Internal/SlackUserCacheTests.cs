using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Slack.Internal;

/// <summary>The users.info cache, over the real client and a fake primary handler that counts calls.</summary>
public sealed class SlackUserCacheTests : IDisposable
{
    private const string Alice = """{"ok":true,"user":{"id":"U0ALICE","name":"alice","profile":{"email":"alice@example.com"}}}""";
    private const string Bob = """{"ok":true,"user":{"id":"U0BOB","name":"bob","profile":{"email":"bob@example.com"}}}""";

    private readonly SlackTestHost _host = new(o => o.MaxRetries = 0);

    public void Dispose() => _host.Dispose();

    private SlackUserCache Cache => _host.Services.GetRequiredService<SlackUserCache>();

    private FakeHttpRoute UsersInfo(string userId) =>
        _host.Http.On(r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath == "/api/users.info" && r.Uri.Query == $"?user={userId}");

    [Fact]
    public async Task GetUserAsync_TwiceWithinDuration_CallsSlackOnce()
    {
        FakeHttpRoute alice = UsersInfo("U0ALICE").RespondJson(Alice);

        SlackUserInfo first = await Cache.GetUserAsync(_host.Client, "U0ALICE", default);
        _host.Time.Advance(TimeSpan.FromMinutes(4));
        SlackUserInfo second = await Cache.GetUserAsync(_host.Client, "U0ALICE", default);

        alice.Hits.Should().Be(1);
        second.Should().BeSameAs(first);
        second.Email.Should().Be("alice@example.com");
    }

    [Fact]
    public async Task GetUserAsync_DifferentUsers_AreCachedSeparately()
    {
        FakeHttpRoute alice = UsersInfo("U0ALICE").RespondJson(Alice);
        FakeHttpRoute bob = UsersInfo("U0BOB").RespondJson(Bob);

        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).Name.Should().Be("alice");
        (await Cache.GetUserAsync(_host.Client, "U0BOB", default)).Name.Should().Be("bob");
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).Name.Should().Be("alice");

        alice.Hits.Should().Be(1);
        bob.Hits.Should().Be(1);
    }

    [Fact]
    public async Task GetUserAsync_AfterDuration_AsksSlackAgainAndSeesTheChange()
    {
        FakeHttpRoute alice = UsersInfo("U0ALICE")
            .RespondJson(Alice)
            .RespondJson("""{"ok":true,"user":{"id":"U0ALICE","name":"alice","is_restricted":true,"profile":{"email":"alice@example.com"}}}""");
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).IsRestricted.Should().BeFalse();

        _host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).IsRestricted.Should().BeFalse("the entry is still fresh");
        alice.Hits.Should().Be(1);

        _host.Time.Advance(TimeSpan.FromSeconds(2));
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).IsRestricted.Should().BeTrue("the entry expired");
        alice.Hits.Should().Be(2);
    }

    [Fact]
    public async Task GetUserAsync_ConfiguredDuration_IsUsed()
    {
        using var host = new SlackTestHost(o => o.UserCacheDuration = TimeSpan.FromSeconds(30));
        FakeHttpRoute alice = host.Http.On(HttpMethod.Get, "/api/users.info").RespondJson(Alice);
        SlackUserCache cache = host.Services.GetRequiredService<SlackUserCache>();

        await cache.GetUserAsync(host.Client, "U0ALICE", default);
        host.Time.Advance(TimeSpan.FromSeconds(29));
        await cache.GetUserAsync(host.Client, "U0ALICE", default);
        alice.Hits.Should().Be(1);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        await cache.GetUserAsync(host.Client, "U0ALICE", default);

        alice.Hits.Should().Be(2);
    }

    [Fact]
    public async Task GetUserAsync_DurationZero_AlwaysAsksSlack()
    {
        using var host = new SlackTestHost(o => o.UserCacheDuration = TimeSpan.Zero);
        FakeHttpRoute alice = host.Http.On(HttpMethod.Get, "/api/users.info").RespondJson(Alice);
        SlackUserCache cache = host.Services.GetRequiredService<SlackUserCache>();

        await cache.GetUserAsync(host.Client, "U0ALICE", default);
        await cache.GetUserAsync(host.Client, "U0ALICE", default);

        alice.Hits.Should().Be(2);
        cache.Count.Should().Be(0);
    }

    [Fact]
    public void AddSymSlack_NegativeUserCacheDuration_FailsValidation()
    {
        using var host = new SlackTestHost(o => o.UserCacheDuration = TimeSpan.FromSeconds(-1));

        Action resolve = () => host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SlackOptions>>().Value.ToString();

        resolve.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*UserCacheDuration*");
    }

    [Theory]
    [InlineData("""{"ok":false,"error":"user_not_found"}""", typeof(SymNotFoundException))]
    [InlineData("""{"ok":false,"error":"fatal_error"}""", typeof(SymException))]
    [InlineData("""{"ok":false,"error":"invalid_auth"}""", typeof(SymAuthenticationException))]
    public async Task GetUserAsync_Failure_IsNotCached(string error, Type expected)
    {
        FakeHttpRoute alice = UsersInfo("U0ALICE").RespondJson(error).RespondJson(Alice);

        Func<Task> first = () => Cache.GetUserAsync(_host.Client, "U0ALICE", default);
        (await first.Should().ThrowAsync<SymException>()).Which.Should().BeOfType(expected);
        SlackUserInfo second = await Cache.GetUserAsync(_host.Client, "U0ALICE", default);

        second.Email.Should().Be("alice@example.com");
        alice.Hits.Should().Be(2);
        Cache.Count.Should().Be(1);
    }

    [Fact]
    public async Task GetUserAsync_HttpFailure_IsNotCached()
    {
        FakeHttpRoute alice = UsersInfo("U0ALICE").Respond(HttpStatusCode.InternalServerError).RespondJson(Alice);

        Func<Task> first = () => Cache.GetUserAsync(_host.Client, "U0ALICE", default);
        (await first.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.ServerError);
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).Id.Should().Be("U0ALICE");

        alice.Hits.Should().Be(2);
    }

    [Fact]
    public async Task GetUserAsync_ConcurrentMisses_ShareOneCall()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        FakeHttpRoute alice = UsersInfo("U0ALICE").Respond(Gated(entered, release, Alice));

        Task<SlackUserInfo> first = Task.Run(() => Cache.GetUserAsync(_host.Client, "U0ALICE", default));
        (await entered.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the first lookup reaches Slack");
        Task<SlackUserInfo>[] others = [.. Enumerable.Range(0, 5).Select(_ => Cache.GetUserAsync(_host.Client, "U0ALICE", default))];
        others.Should().OnlyContain(t => !t.IsCompleted, "they wait for the call in flight");
        release.Set();
        SlackUserInfo[] users = await Task.WhenAll([first, .. others]);

        alice.Hits.Should().Be(1);
        users.Should().OnlyContain(u => ReferenceEquals(u, users[0]));
    }

    [Fact]
    public async Task GetUserAsync_ConcurrentMissesThenFailure_AllSeeTheErrorAndNothingIsCached()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        FakeHttpRoute alice = UsersInfo("U0ALICE")
            .Respond(Gated(entered, release, """{"ok":false,"error":"user_not_found"}"""))
            .RespondJson(Alice);

        Task<SlackUserInfo> first = Task.Run(() => Cache.GetUserAsync(_host.Client, "U0ALICE", default));
        (await entered.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        Task<SlackUserInfo> second = Cache.GetUserAsync(_host.Client, "U0ALICE", default);
        release.Set();

        await ((Func<Task>)(() => first)).Should().ThrowAsync<SymNotFoundException>();
        await ((Func<Task>)(() => second)).Should().ThrowAsync<SymNotFoundException>();
        alice.Hits.Should().Be(1);
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).Id.Should().Be("U0ALICE");
        alice.Hits.Should().Be(2);
    }

    [Fact]
    public async Task GetUserAsync_WaiterCancelled_OthersStillGetTheAnswerAndItIsCached()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        FakeHttpRoute alice = UsersInfo("U0ALICE").Respond(Gated(entered, release, Alice));
        using var cancel = new CancellationTokenSource();

        Task<SlackUserInfo> first = Task.Run(() => Cache.GetUserAsync(_host.Client, "U0ALICE", default));
        (await entered.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        Task<SlackUserInfo> impatient = Cache.GetUserAsync(_host.Client, "U0ALICE", cancel.Token);
        await cancel.CancelAsync();
        await ((Func<Task>)(() => impatient)).Should().ThrowAsync<OperationCanceledException>();
        release.Set();

        (await first).Id.Should().Be("U0ALICE");
        (await Cache.GetUserAsync(_host.Client, "U0ALICE", default)).Should().BeSameAs(await first);
        alice.Hits.Should().Be(1);
    }

    /// <summary>A response that signals <paramref name="entered"/> and holds the call until <paramref name="release"/> is set.</summary>
    private static Func<RecordedHttpRequest, HttpResponseMessage> Gated(SemaphoreSlim entered, ManualResetEventSlim release, string body) => _ =>
    {
        entered.Release();
        release.Wait(TimeSpan.FromSeconds(30));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
    };
}
