using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Testing.Tests.Slack;

/// <summary>The fake's message metadata, conversation history, and lost responses (the call happens, its answer does not arrive).</summary>
public sealed class FakeSlackHistoryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly FakeSlack _slack;
    private readonly SlackUserInfo _alice;
    private readonly FakeSlackChannel _channel;

    public FakeSlackHistoryTests()
    {
        _slack = new FakeSlack(_time);
        _alice = _slack.AddUser("alice", "alice@example.com");
        _channel = _slack.AddChannel("#sym-requests", members: [_alice.Id]);
    }

    [Fact]
    public async Task PostMessageAsync_WithMetadata_RecordsACopy()
    {
        var payload = new JsonObject { ["sym_outbox_id"] = "m-1" };

        await _slack.PostMessageAsync(_channel.Id, new SlackMessage("hi") { Metadata = new SlackMessageMetadata("sym_message", payload) });
        payload["sym_outbox_id"] = "changed";

        SlackMessageMetadata recorded = _slack.Messages.Single().Metadata!;
        recorded.EventType.Should().Be("sym_message");
        recorded.GetString("sym_outbox_id").Should().Be("m-1");
    }

    [Fact]
    public async Task ListMessagesAsync_ServesTopLevelMessagesNewestFirstAsTheyAreNowWithMetadata()
    {
        SlackMessageRef first = await _slack.PostMessageAsync(_channel.Id, new SlackMessage("first") { Metadata = Tag("m-1") });
        await _slack.PostMessageAsync(_channel.Id, new SlackMessage("reply") { ThreadTs = first.Ts });
        await _slack.PostMessageAsync(_channel.Id, "second");
        await _slack.PostMessageAsync(_alice.Id, "elsewhere");
        await _slack.UpdateMessageAsync(first, "first, edited");

        List<SlackHistoryMessage> history = await ReadAsync(_channel.Id);

        history.Select(m => m.Text).Should().Equal("second", "first, edited");
        history[1].Ts.Should().Be(first.Ts);
        history[1].Metadata!.GetString("sym_outbox_id").Should().Be("m-1", "an update keeps the metadata");
        history[0].Metadata.Should().BeNull();
    }

    [Fact]
    public async Task ListMessagesAsync_Oldest_ServesOnlyLaterMessages()
    {
        await _slack.PostMessageAsync(_channel.Id, "before");
        _time.Advance(TimeSpan.FromMinutes(10));
        await _slack.PostMessageAsync(_channel.Id, "after");

        List<SlackHistoryMessage> history = await ReadAsync(_channel.Id, _time.GetUtcNow() - TimeSpan.FromMinutes(5));

        history.Select(m => m.Text).Should().Equal("after");
    }

    [Fact]
    public async Task ListMessagesAsync_Dm_ServesIt()
    {
        SlackMessageRef dm = await _slack.PostMessageAsync(_alice.Id, "psst");

        (await ReadAsync(dm.ChannelId)).Should().ContainSingle().Which.Text.Should().Be("psst");
    }

    [Theory]
    [InlineData("C0NOWHERE", "Slack:CHANNEL_NOT_FOUND")]
    [InlineData("outside", "Slack:NOT_IN_CHANNEL")]
    public async Task ListMessagesAsync_ConversationTheAppCannotRead_FailsLikeSlack(string channel, string code)
    {
        string id = channel == "outside" ? _slack.AddChannel("outside", appIsMember: false).Id : channel;

        Func<Task> act = () => ReadAsync(id);

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(code);
    }

    [Fact]
    public async Task LostResponses_FailNextPost_PostsThenThrows()
    {
        _slack.LostResponses.FailNext(1, "chat.postMessage");

        Func<Task> act = () => _slack.PostMessageAsync(_channel.Id, new SlackMessage("hi") { Metadata = Tag("m-1") });

        (await act.Should().ThrowAsync<InjectedFaultException>()).Which.Operation.Should().Be("chat.postMessage");
        _slack.MessagesIn(_channel.Id).Should().ContainSingle("the call took effect; only its answer was lost");
        (await ReadAsync(_channel.Id)).Should().ContainSingle().Which.Metadata!.GetString("sym_outbox_id").Should().Be("m-1");
        _slack.LostResponses.Fired.Should().ContainSingle();
        _slack.Faults.Fired.Should().BeEmpty();
        await _slack.PostMessageAsync(_channel.Id, "next");
        _slack.MessagesIn(_channel.Id).Should().HaveCount(2, "the rule was used up");
    }

    [Fact]
    public async Task Faults_FailNextPost_PostsNothing()
    {
        _slack.Faults.FailNext(1, "chat.postMessage");

        await ((Func<Task>)(() => _slack.PostMessageAsync(_channel.Id, "hi"))).Should().ThrowAsync<InjectedFaultException>();

        _slack.Messages.Should().BeEmpty("a fault fires before Slack does anything");
    }

    [Fact]
    public async Task HarnessRestart_RearmsLostResponsesAsAtTheStart()
    {
        _slack.LostResponses.FailNext(1, "chat.postMessage");
        ((IStoryScopedFake)_slack).MarkStart();
        await ((Func<Task>)(() => _slack.PostMessageAsync(_channel.Id, "story 1"))).Should().ThrowAsync<InjectedFaultException>();
        _slack.LostResponses.FailNext(5, "chat.update");

        ((IStoryScopedFake)_slack).Restart();

        _slack.LostResponses.Fired.Should().BeEmpty();
        await ((Func<Task>)(() => _slack.PostMessageAsync(_channel.Id, "story 2"))).Should().ThrowAsync<InjectedFaultException>("the rule armed before the start is whole again");
        SlackMessageRef posted = await _slack.PostMessageAsync(_channel.Id, "story 2, again");
        await _slack.UpdateMessageAsync(posted, "edited");
        _slack.Updates.Should().ContainSingle("the rule armed during the story is gone");
    }

    private static SlackMessageMetadata Tag(string id) => new("sym_message", new JsonObject { ["sym_outbox_id"] = id });

    private async Task<List<SlackHistoryMessage>> ReadAsync(string channel, DateTimeOffset? oldest = null)
    {
        var list = new List<SlackHistoryMessage>();
        await foreach (SlackHistoryMessage message in _slack.ListMessagesAsync(channel, oldest))
        {
            list.Add(message);
        }

        return list;
    }
}
