using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Sym.Sdk.Hosting.Tests.Slack;

/// <summary>
/// Slack's Web API as the host's real <c>SlackClient</c> sees it, at its primary HTTP handler. Methods a test scripts are
/// answered with Slack-shaped JSON; every other call fails the way a refused connection does (the
/// <see cref="HttpRequestException"/> SocketsHttpHandler throws). While <see cref="Hold"/> is in effect, every call waits
/// first, as a connection to a black-holed address does, until <see cref="Release"/>.
/// </summary>
internal sealed class SlackWebApi : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<string, string>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, string Body)> _calls = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _hold;

    /// <summary>Every call, in order: the method (<c>users.info</c>, <c>chat.postMessage</c>, …) and its body or query.</summary>
    public IReadOnlyList<(string Method, string Body)> Calls => [.. _calls];

    /// <summary>Completes when a call first waits in <see cref="Hold"/>: something is calling Slack right now.</summary>
    public Task Held => _held.Task;

    /// <summary>Whether calls still wait.</summary>
    public bool IsHolding => Volatile.Read(ref _hold) is { Task.IsCompleted: false };

    /// <summary>Answers <paramref name="method"/> with the JSON <paramref name="answer"/> makes of the call's body.</summary>
    public SlackWebApi Answer(string method, Func<string, string> answer)
    {
        _answers[method] = answer;
        return this;
    }

    /// <summary>Makes every call wait until <see cref="Release"/>.</summary>
    public SlackWebApi Hold()
    {
        Volatile.Write(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return this;
    }

    /// <summary>Lets the waiting calls go on (to their answer, or to the refused connection).</summary>
    public void Release() => Volatile.Read(ref _hold)?.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri uri = request.RequestUri!;
        string method = uri.Segments[^1];
        string body = request.Content is null ? uri.Query : await request.Content.ReadAsStringAsync(cancellationToken);
        _calls.Enqueue((method, body));
        if (Volatile.Read(ref _hold) is { } hold)
        {
            _held.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (_answers.TryGetValue(method, out Func<string, string>? answer))
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer(body), Encoding.UTF8, "application/json") };
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused ({uri.Host}:{uri.Port})");
    }
}
