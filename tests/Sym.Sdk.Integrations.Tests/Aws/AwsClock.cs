using Microsoft.Extensions.Time.Testing;

namespace Sym.Sdk.Integrations.Tests.Aws;

/// <summary>Drives a <see cref="FakeTimeProvider"/> forward until a task that waits on it completes.</summary>
internal static class AwsClock
{
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Task<T> task)
    {
        await RunAsync(time, (Task)task);
        return await task;
    }

    public static async Task RunAsync(FakeTimeProvider time, Task task)
    {
        for (int i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System));
            if (!task.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await task;
    }
}
