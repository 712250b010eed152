using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>
/// Keeps the "Telemetry" section of src/Sym.Sdk/README.md and the names the engine emits (SymTelemetryNames, the
/// instruments it creates, EngineLog's events) in step: a name added, renamed or dropped on one side fails here.
/// </summary>
public sealed class TelemetryReadmeTests
{
    private static readonly Lazy<string> Section = new(ReadSection);

    [Fact]
    public void SpansTable_ListsEverySpanName()
    {
        Names(Table("Spans")).Should().BeEquivalentTo(Constants(typeof(SymTelemetryNames.Spans)));
    }

    [Fact]
    public void TagsTable_ListsEveryTagName()
    {
        Names(Table("Tags")).Should().BeEquivalentTo(Constants(typeof(SymTelemetryNames.Tags)));
    }

    [Fact]
    public void SpansAndMetricsTables_NameOnlyDocumentedTags()
    {
        HashSet<string> tags = Constants(typeof(SymTelemetryNames.Tags));
        IEnumerable<string> used = Table("Spans").Select(r => r[1]).Concat(Table("Metrics").Select(r => r[3])).SelectMany(Quoted);

        used.Should().NotBeEmpty().And.OnlyContain(t => tags.Contains(t));
    }

    [Fact]
    public void MetricsTable_ListsEveryInstrumentTheEngineCreates_WithItsKindAndUnit()
    {
        using var factory = new TestMeterFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<IMeterFactory>(factory));
        var published = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (factory.Meters.Contains(instrument.Meter))
                {
                    lock (published)
                    {
                        published[instrument.Name] = instrument;
                    }
                }
            },
        };
        listener.Start();

        List<string[]> rows = Table("Metrics");

        Names(rows).Should().BeEquivalentTo(Constants(typeof(SymTelemetryNames.Instruments)));
        published.Keys.Should().BeEquivalentTo(Names(rows), "the engine creates exactly the documented instruments");
        foreach (string[] row in rows)
        {
            Instrument instrument = published[Quoted(row[0]).Single()];
            row[1].Should().Be(Kind(instrument), instrument.Name);
            Quoted(row[2]).Single().Should().Be(instrument.Unit, instrument.Name);
            instrument.Meter.Name.Should().Be(SymTelemetryNames.Source);
        }
    }

    [Fact]
    public void AlertsTable_MatchesTheEngineLogEvents()
    {
        Dictionary<string, LoggerMessageAttribute> events = typeof(EngineLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<LoggerMessageAttribute>() is not null)
            .ToDictionary(m => m.Name, m => m.GetCustomAttribute<LoggerMessageAttribute>()!, StringComparer.Ordinal);
        string[] categories = [typeof(SymEngine).FullName!, typeof(SymScheduler).FullName!];

        List<string[]> rows = Table("Alerts");

        rows.Should().NotBeEmpty();
        foreach (string[] row in rows)
        {
            string name = Quoted(row[1]).Single();
            events.Should().ContainKey(name);
            row[0].Should().Be(events[name].EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), name);
            row[2].Should().Be(events[name].Level.ToString(), name);
            categories.Should().Contain(Quoted(row[3]).Single(), name);
        }
    }

    [Fact]
    public void EngineLogEvents_HaveDistinctIds()
    {
        typeof(EngineLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(a => a is not null)
            .Select(a => a!.EventId)
            .Should().OnlyHaveUniqueItems("an alert on an event id must mean one thing");
    }

    private static string Kind(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition() switch
    {
        var t when t == typeof(Counter<>) => "counter",
        var t when t == typeof(Histogram<>) => "histogram",
        var t when t == typeof(ObservableGauge<>) => "gauge",
        var t => t.Name,
    };

    private static HashSet<string> Constants(Type type) => type.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    private static List<string> Names(List<string[]> rows) => rows.Select(r => Quoted(r[0]).Single()).ToList();

    /// <summary>The `quoted` names in a table cell.</summary>
    private static IEnumerable<string> Quoted(string cell) =>
        cell.Split('`').Where((_, i) => i % 2 == 1);

    /// <summary>The body rows of the table under <c>### <paramref name="heading"/></c> in the Telemetry section, as trimmed cells.</summary>
    private static List<string[]> Table(string heading)
    {
        string[] lines = Section.Value.Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimEnd() == "### " + heading);
        start.Should().BeGreaterThanOrEqualTo(0, $"the Telemetry section has a '{heading}' heading");
        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("### ", StringComparison.Ordinal))
            .Where(l => l.StartsWith('|') && !l.StartsWith("|-", StringComparison.Ordinal))
            .Skip(1) // the header row
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
    }

    private static string ReadSection()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", "Sym.Sdk", "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("\n## Telemetry\n", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "src/Sym.Sdk/README.md has a Telemetry section");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }
}
