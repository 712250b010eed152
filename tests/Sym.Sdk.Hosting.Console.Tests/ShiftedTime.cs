namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>The system clock moved by <see cref="Offset"/>: the host's TimeProvider, so a test can step past a session's end.</summary>
internal sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
