using System.Globalization;
using System.Text;

namespace Sym.Sdk.Testing;

/// <summary>What a <see cref="SymCrashTest"/> found: how many store writes the story makes, how many crash points were tried, and every broken invariant.</summary>
public sealed class SymCrashReport
{
    internal SymCrashReport(string story, IReadOnlyList<string> writes, int crashPoints, IReadOnlyList<SymCrashViolation> violations, int repairs, TimeSpan worstLag)
    {
        Story = story;
        Writes = writes;
        CrashPoints = crashPoints;
        Violations = violations;
        Repairs = repairs;
        WorstRevocationLag = worstLag;
    }

    /// <summary>The story's name.</summary>
    public string Story { get; }

    /// <summary>The store writes the story makes without a crash, in order (each is crashed before and after).</summary>
    public IReadOnlyList<string> Writes { get; }

    /// <summary>How many crash points were tried (two per write).</summary>
    public int CrashPoints { get; }

    /// <summary>Every broken invariant, in crash-point order.</summary>
    public IReadOnlyList<SymCrashViolation> Violations { get; }

    /// <summary>How many runs the recovering engine had to repair (<c>SymEngine.ReconcileAsync</c>) over all crash points: 0 when every state is guarded by construction.</summary>
    public int Repairs { get; }

    /// <summary>The longest time from a grant's expiry to its revocation over all crash points (zero when every grant was revoked in time).</summary>
    public TimeSpan WorstRevocationLag { get; }

    /// <summary>Throws when an invariant was broken.</summary>
    /// <exception cref="SymHarnessException">The violations, listed.</exception>
    public void AssertNoViolations()
    {
        if (Violations.Count > 0)
        {
            throw new SymHarnessException(ToString());
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Crash test '{Story}': {Writes.Count} store writes, {CrashPoints} crash points, {Violations.Count} violation(s)");
        text.Append(CultureInfo.InvariantCulture, $", {Repairs} repair(s), worst revocation lag {WorstRevocationLag}.");
        const int Shown = 40;
        foreach (SymCrashViolation violation in Violations.Take(Shown))
        {
            text.Append("\n  ").Append(violation);
        }

        if (Violations.Count > Shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  … and {Violations.Count - Shown} more.");
        }

        return text.ToString();
    }
}
