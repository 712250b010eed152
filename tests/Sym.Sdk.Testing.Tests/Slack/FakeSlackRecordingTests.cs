using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Testing.Tests.Slack;

/// <summary>What the fake records for the notifier: DMs, ephemerals per user, updates per message, guests.</summary>
public sealed class FakeSlackRecordingTests
{
    private readonly FakeSlack _slack = new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
    private readonly SlackUserInfo _alice;
    private readonly SlackUserInfo _bob;
    private readonly FakeSlackChannel _channel;

    public FakeSlackRecordingTests()
    {
        _alice = _slack.AddUser("alice", "alice@example.com");
        _bob = _slack.AddUser("bob", "bob@example.com");
        _channel = _slack.AddChannel("sym-requests", members: [_alice.Id, _bob.Id]);
    }

    [Fact]
    public async Task DirectMessages_OnlyDmsAndGroupDms_InOrder()
    {
        string dm = await _slack.OpenConversationAsync([_alice.Id]);
        string group = await _slack.OpenConversationAsync([_alice.Id, _bob.Id]);
        await _slack.PostMessageAsync(_channel.Id, "in channel");
        await _slack.PostMessageAsync(dm, "to alice");
        await _slack.PostMessageAsync(group, "to both");
        await _slack.PostMessageAsync(_bob.Id, "to bob by id");

        _slack.DirectMessages.Select(m => m.Text).Should().Equal("to alice", "to both", "to bob by id");
        (await _slack.OpenConversationAsync([_alice.Id])).Should().Be(dm, "conversations.open returns the same DM every time");
        (await _slack.OpenConversationAsync([_bob.Id, _alice.Id])).Should().Be(group, "the order of users does not matter");
        dm.Should().StartWith("D");
    }

    [Fact]
    public async Task UpdateMessageAsync_InADm_UpdatesThatMessage()
    {
        string dm = await _slack.OpenConversationAsync([_alice.Id]);
        SlackMessageRef posted = await _slack.PostMessageAsync(dm, "pending");

        SlackMessageRef updated = await _slack.UpdateMessageAsync(posted, "approved");

        updated.Should().Be(posted);
        _slack.Current(posted)!.Text.Should().Be("approved");
        _slack.DirectMessagesTo(_alice.Id).Single().Text.Should().Be("pending", "Messages keep each message as first posted");
    }

    [Fact]
    public async Task UpdatesOf_ListsOneMessagesUpdatesOldestFirst()
    {
        SlackMessageRef first = await _slack.PostMessageAsync(_channel.Id, "one");
        SlackMessageRef second = await _slack.PostMessageAsync(_channel.Id, "two");
        await _slack.UpdateMessageAsync(first, "one: approved");
        await _slack.UpdateMessageAsync(second, "two: denied");
        await _slack.UpdateMessageAsync(first, "one: granted");

        _slack.UpdatesOf(first).Select(u => u.Text).Should().Equal("one: approved", "one: granted");
        _slack.UpdatesOf(new SlackMessageRef(_channel.Id, "0.0")).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateMessageAsync_UnknownTs_FailsLikeSlack()
    {
        Func<Task> act = () => _slack.UpdateMessageAsync(new SlackMessageRef(_channel.Id, "1.000001"), "x");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.MessageNotFound);
        _slack.Updates.Should().BeEmpty();
    }

    [Fact]
    public async Task EphemeralsTo_OnlyThatUsers()
    {
        await _slack.PostEphemeralAsync(_channel.Id, _alice.Id, "for alice");
        await _slack.PostEphemeralAsync(_channel.Id, _bob.Id, "for bob");

        _slack.EphemeralsTo(_alice.Id).Should().ContainSingle().Which.Text.Should().Be("for alice");
        _slack.Messages.Should().BeEmpty("ephemeral messages are not channel messages");
    }

    [Fact]
    public async Task SetRestricted_MakesTheUserAGuestInUsersInfo()
    {
        _slack.SetRestricted(_bob.Id);

        (await _slack.GetUserAsync(_bob.Id)).IsRestricted.Should().BeTrue();
        _slack.SetRestricted(_bob.Id, restricted: false);
        (await _slack.GetUserAsync(_bob.Id)).IsRestricted.Should().BeFalse();
        FluentActions.Invoking(() => _slack.SetRestricted("U0NOBODY")).Should().Throw<ArgumentException>();
    }
}
