using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.TestApp;

/// <summary>
/// Delivers notifications nowhere but records each delivery's start and end (with the message id) in the strategy's
/// record, so a test sees which host delivered what; stalls deliveries forever with <c>TestApp:StallAt=deliver</c>.
/// </summary>
internal sealed class RecordingNotifier(IOptions<TestAppOptions> options, DurableRecordStrategy record, TimeProvider time) : ISymNotifier
{
    public async ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        record.Append($"deliver-begin {message.Id} {Environment.ProcessId}", "-");
        if (options.Value.Stalls("deliver"))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        record.Append($"deliver-end {message.Id} {Environment.ProcessId}", "-");
        return SymDeliveryResult.Success();
    }
}
