using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Benchmarks;

/// <summary>
/// Slack signature verification against the floor it cannot beat: one HMAC-SHA256 over the same bytes. The verifier
/// adds header parsing, hex decoding, the clock check and a constant-time compare (target ≤ 1.2×, no allocation that
/// grows with the body).
/// </summary>
[MemoryDiagnoser]
public class SlackVerifierBenchmarks
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private byte[] _key = [];
    private byte[] _body = [];
    private byte[] _basestring = [];
    private string _timestamp = string.Empty;
    private string _signature = string.Empty;
    private SlackRequestVerifier _verifier = null!;

    [Params(1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = Encoding.UTF8.GetBytes(Secret);
        _body = new byte[BodySize];
        new Random(42).NextBytes(_body);
        _timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _basestring = [.. Encoding.ASCII.GetBytes($"v0:{_timestamp}:"), .. _body];
        _signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, _basestring));
        _verifier = new SlackRequestVerifier(Secret);
        if (!_verifier.Verify(_timestamp, _signature, _body).IsValid)
        {
            throw new InvalidOperationException("The benchmark's signature does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public int HmacSha256HashData()
    {
        Span<byte> hash = stackalloc byte[32];
        return HMACSHA256.HashData(_key, _basestring, hash);
    }

    [Benchmark]
    public bool Verify() => _verifier.Verify(_timestamp, _signature, _body).IsValid;
}
