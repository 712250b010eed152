using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Testing.Slack;
using SlackHelpers = Sym.Sdk.Integrations.Slack.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack;

public sealed class SlackMessengerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSlack _slack;
    private readonly SlackUserInfo _alice;
    private readonly SlackUserInfo _bob;
    private readonly FakeSlackChannel _requests;
    private readonly SlackDestinationResolver _resolver;
    private readonly SlackMessenger _messenger;

    public SlackMessengerTests()
    {
        _slack = new FakeSlack(_time);
        _alice = _slack.AddUser("alice", "alice@example.com", displayName: "Alice A");
        _bob = _slack.AddUser("bob", "bob@example.com");
        _requests = _slack.AddChannel("sym-requests", members: [_alice.Id, _bob.Id]);
        _resolver = new SlackDestinationResolver(_slack, new SlackResolveCache(_time, Options.Create(new SlackOptions { BotToken = "x" })));
        _messenger = new SlackMessenger(_slack, _resolver);
    }

    [Fact]
    public async Task SendMessageAsync_ChannelName_ResolvesOnceThenCaches()
    {
        await _messenger.SendMessageAsync(SlackHelpers.Channel("#sym-requests"), "one");
        int callsAfterFirst = _slack.Faults.Calls;
        await _messenger.SendMessageAsync(SlackHelpers.Channel("#sym-requests"), "two");

        _slack.MessagesIn("sym-requests").Select(m => m.Text).Should().Equal("one", "two");
        (_slack.Faults.Calls - callsAfterFirst).Should().Be(1, "the second send only posts; the name comes from the cache");
    }

    [Fact]
    public async Task SendMessageAsync_CacheExpired_ResolvesAgain()
    {
        await _messenger.SendMessageAsync(SlackHelpers.Channel("#sym-requests"), "one");
        int callsAfterFirst = _slack.Faults.Calls;
        _time.Advance(TimeSpan.FromMinutes(11));

        await _messenger.SendMessageAsync(SlackHelpers.Channel("#sym-requests"), "two");

        (_slack.Faults.Calls - callsAfterFirst).Should().Be(2);
    }

    [Fact]
    public async Task SendMessageAsync_UserByEmail_SendsDm()
    {
        SlackMessageRef sent = await _messenger.SendMessageAsync(SlackHelpers.User("bob@example.com"), "hello bob");

        _slack.DirectMessagesTo(_bob.Id).Should().ContainSingle().Which.Ref.Should().Be(sent);
    }

    [Theory]
    [InlineData("@alice")]
    [InlineData("@Alice A")]
    public async Task SendMessageAsync_UserByNameOrDisplayName_SendsDm(string name)
    {
        await _messenger.SendMessageAsync(SlackHelpers.User(name), "hi");

        _slack.DirectMessagesTo(_alice.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task SendMessageAsync_Group_SendsGroupDm()
    {
        SlackMessageRef sent = await _messenger.SendMessageAsync(SlackHelpers.Group(_alice.Id, _bob.Id), "hi both");

        sent.ChannelId.Should().StartWith("G");
        _slack.MessagesIn(sent.ChannelId).Should().ContainSingle();
    }

    [Fact]
    public async Task SendMessageAsync_UnknownChannelName_ThrowsNameNotFound()
    {
        Func<Task> act = () => _messenger.SendMessageAsync(SlackHelpers.Channel("#nope"), "x");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.NameNotFound);
        _slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task SendMessageAsync_UnknownEmail_ThrowsUsersNotFound()
    {
        Func<Task> act = () => _messenger.SendMessageAsync(SlackHelpers.User("who@example.com"), "x");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.UsersNotFound);
    }

    [Fact]
    public async Task SendMessageAsync_FallbackFirstFails_DeliversToNext()
    {
        _slack.AddChannel("archived", isArchived: true);
        RequestDestinationFallback fallback = SlackHelpers.Fallback(
            SlackHelpers.Channel("C99999999"), SlackHelpers.Channel("#sym-requests"));

        SlackMessageRef sent = await _messenger.SendMessageAsync(fallback, "request");

        sent.ChannelId.Should().Be(_requests.Id);
        _slack.Messages.Should().ContainSingle();
    }

    [Fact]
    public async Task SendMessageAsync_FallbackWithoutContinue_RaisesFirstFailure()
    {
        RequestDestinationFallback fallback = SlackHelpers.Fallback(
            [SlackHelpers.Channel("C99999999"), SlackHelpers.Channel("#sym-requests")], continueOnTimeout: false, continueOnDeliveryFailure: false);

        Func<Task> act = () => _messenger.SendMessageAsync(fallback, "request");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.ChannelNotFound);
        _slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task SendMessageAsync_FallbackAllFail_RaisesLastFailure()
    {
        RequestDestinationFallback fallback = SlackHelpers.Fallback(SlackHelpers.Channel("C99999999"), SlackHelpers.User("ghost@example.com"));

        Func<Task> act = () => _messenger.SendMessageAsync(fallback, "request");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.UsersNotFound);
    }

    [Fact]
    public async Task SendDirectMessageAsync_UserWithIdentity_UsesItWithoutLookup()
    {
        User user = new User { Username = "someone@example.com" }.WithIdentity(new UserIdentity { Service = "slack", UserId = _bob.Id });

        await _messenger.SendDirectMessageAsync(user, "hi");

        _slack.DirectMessagesTo(_bob.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task SendDirectMessageAsync_UserWithoutIdentity_LooksUpEmail()
    {
        await _messenger.SendDirectMessageAsync(new User { Username = "ALICE@example.com" }, "hi");

        _slack.DirectMessagesTo(_alice.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task SendThreadMessageAsync_Parent_RepliesInThread()
    {
        SlackMessageRef parent = await _messenger.SendMessageAsync(SlackHelpers.Channel(_requests.Id), "parent");

        SlackMessageRef reply = await _messenger.SendThreadMessageAsync(parent, "reply", broadcast: true);

        _slack.Current(reply)!.ThreadTs.Should().Be(parent.Ts);
        reply.ChannelId.Should().Be(_requests.Id);
    }

    [Fact]
    public async Task ResolveConversationAsync_Fallback_Throws()
    {
        Func<Task> act = async () => await _resolver.ResolveConversationAsync(SlackHelpers.Fallback(SlackHelpers.Channel("#a"), SlackHelpers.Channel("#b")));

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task ResolveUserIdAsync_SameEmailTwice_LooksUpOnce()
    {
        string first = await _resolver.ResolveUserIdAsync("bob@example.com");
        int calls = _slack.Faults.Calls;
        string second = await _resolver.ResolveUserIdAsync("BOB@example.com");

        (first, second).Should().Be((_bob.Id, _bob.Id));
        _slack.Faults.Calls.Should().Be(calls);
    }
}
