using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Hosting.Tests.Slack;

/// <summary>
/// Slack calls run in the host's outbox dispatcher, never under a run's lock: a chat.update that hangs (for up to 30 s)
/// holds up neither the run's own events nor other runs; the run's later messages wait for it and then go out in order.
/// </summary>
public sealed class SlackOutsideTheRunLockTests
{
    [Fact]
    public async Task ChatUpdateHangs_OtherEventsOnTheSameRunAndOtherRunsProceed_ThenTheRunsMessagesGoOutInOrder()
    {
        HangingUpdates? hanging = null;
        await using SlackTestHost slack = await SlackTestHost.StartAsync(services: s =>
        {
            var workspace = (FakeSlack)s.Single(static d => d.ServiceType == typeof(ISlackClient)).ImplementationInstance!;
            s.Replace(ServiceDescriptor.Singleton<ISlackClient>(hanging = new HangingUpdates(workspace)));
        });
        TestHost host = slack.Host;
        HttpClient alice = host.Client(TestHost.AliceKey);
        HttpClient bob = host.Client(TestHost.BobKey);
        HttpClient carol = host.Client(TestHost.CarolKey);

        // Run A is announced; then its first chat.update (bob's approval) hangs in Slack.
        string a = await alice.CreateRequestAsync();
        await slack.SettleAsync();
        FakeSlackMessage announcedA = slack.Slack.MessagesIn("C0REQUESTS").Should().ContainSingle().Subject;
        hanging!.Hang(announcedA.Ref);
        (await bob.PostAsync(new Uri($"/api/requests/{a}/approve", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await hanging.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // While it hangs, the same run moves on: alice gives the access up, and the engine answers at once.
        HttpResponseMessage relinquished = await alice.PostAsync(new Uri($"/api/requests/{a}/relinquish", UriKind.Relative), null);
        relinquished.StatusCode.Should().Be(HttpStatusCode.OK);
        (await relinquished.JsonAsync()).GetProperty("run").GetProperty("state").GetString().Should().Be("ended");

        // And other runs go on, their Slack messages included.
        string b = await carol.CreateRequestAsync();
        (await bob.PostAsync(new Uri($"/api/requests/{b}/approve", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        FakeSlackMessage announcedB = await EventuallyAsync(() => slack.Slack.MessagesIn("C0REQUESTS").SingleOrDefault(m => m.Ref != announcedA.Ref));
        await EventuallyAsync(() => slack.Slack.UpdatesOf(announcedB.Ref).Count >= 2 ? slack.Slack.UpdatesOf(announcedB.Ref) : null);
        (await carol.GetJsonAsync($"/api/requests/{b}")).GetProperty("state").GetString().Should().Be("active");

        // Run A's later messages wait behind the hanging one (a run's messages go out in order)...
        hanging.IsHanging.Should().BeTrue("the test ran while chat.update still hung");
        slack.Slack.UpdatesOf(announcedA.Ref).Should().BeEmpty();

        // ...and follow it once Slack answers.
        hanging.Release();
        await slack.SettleAsync();
        IReadOnlyList<FakeSlackMessage> updates = slack.Slack.UpdatesOf(announcedA.Ref);
        updates.Should().HaveCountGreaterThanOrEqualTo(3);
        Text(updates[0]).Should().Contain("Approved by");
        Text(updates[^1]).Should().Contain("relinquish", because: "the last update shows where the run ended");
    }

    private static string Text(FakeSlackMessage message) => message.BlocksJson + message.Text;

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        for (int i = 0; i < 3000; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        throw new TimeoutException("Waited 30 s for a Slack message that the dispatcher should have delivered.");
    }

    /// <summary>The workspace, except that updating one message hangs (for up to 30 s) until released.</summary>
    private sealed class HangingUpdates(FakeSlack inner) : ISlackClient
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SlackMessageRef? _message;
        private volatile bool _hanging;

        public Task Entered => _entered.Task;

        public bool IsHanging => _hanging;

        public void Hang(SlackMessageRef message) => _message = message;

        public void Release() => _release.TrySetResult();

        public async Task<SlackMessageRef> UpdateMessageAsync(SlackMessageRef message, SlackMessage update, CancellationToken cancellationToken = default)
        {
            if (message == _message && !_release.Task.IsCompleted)
            {
                _hanging = true;
                _entered.TrySetResult();
                await Task.WhenAny(_release.Task, Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System)).WaitAsync(cancellationToken);
                _hanging = false;
            }

            return await inner.UpdateMessageAsync(message, update, cancellationToken);
        }

        public Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken = default) =>
            inner.PostMessageAsync(channel, message, cancellationToken);

        public Task<string> PostEphemeralAsync(string channel, string userId, SlackMessage message, CancellationToken cancellationToken = default) =>
            inner.PostEphemeralAsync(channel, userId, message, cancellationToken);

        public Task<string> OpenConversationAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default) =>
            inner.OpenConversationAsync(userIds, cancellationToken);

        public Task<SlackUserInfo> GetUserAsync(string userId, CancellationToken cancellationToken = default) => inner.GetUserAsync(userId, cancellationToken);

        public Task<SlackUserInfo> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default) =>
            inner.LookupUserByEmailAsync(email, cancellationToken);

        public IAsyncEnumerable<SlackUserInfo> ListUsersAsync(CancellationToken cancellationToken = default) => inner.ListUsersAsync(cancellationToken);

        public IAsyncEnumerable<SlackConversation> ListConversationsAsync(bool includeArchived = false, CancellationToken cancellationToken = default) =>
            inner.ListConversationsAsync(includeArchived, cancellationToken);

        public IAsyncEnumerable<string> ListConversationMembersAsync(string channelId, CancellationToken cancellationToken = default) =>
            inner.ListConversationMembersAsync(channelId, cancellationToken);

        public IAsyncEnumerable<SlackHistoryMessage> ListMessagesAsync(string channelId, DateTimeOffset? oldest = null, CancellationToken cancellationToken = default) =>
            inner.ListMessagesAsync(channelId, oldest, cancellationToken);

        public Task<IReadOnlyList<string>> ListUserGroupUsersAsync(string userGroupId, CancellationToken cancellationToken = default) =>
            inner.ListUserGroupUsersAsync(userGroupId, cancellationToken);

        public Task<SlackViewRef> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default) =>
            inner.OpenViewAsync(triggerId, view, cancellationToken);

        public Task<SlackViewRef> UpdateViewAsync(string viewId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default) =>
            inner.UpdateViewAsync(viewId, view, hash, cancellationToken);
    }
}
