using System.Diagnostics.Metrics;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>A meter factory that keeps the meters it made, so a listener can tell them from every other test's.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public List<Meter> Meters { get; } = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        Meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter m in Meters)
        {
            m.Dispose();
        }
    }
}
