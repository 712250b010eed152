using BenchmarkDotNet.Attributes;
using Sym.Sdk.Integrations.Okta.Internal;

namespace Sym.Sdk.Benchmarks.Okta;

/// <summary>Cost of one DPoP proof (made per request) against the bare ES256 signature it contains.</summary>
[MemoryDiagnoser]
public class OktaJwtBenchmarks
{
    private readonly OktaSigningKey _key = OktaSigningKey.CreateEphemeralP256();
    private readonly byte[] _input = new byte[300];

    [Benchmark(Baseline = true)]
    public byte[] BareEs256Signature() => _key.Sign(_input);

    [Benchmark]
    public string DPoPProof() => JsonWebToken.Create(_key, "dpop+jwt", embedPublicKey: true, static (w, s) =>
    {
        w.WriteString("htm", "GET");
        w.WriteString("htu", "https://acme.okta.com/api/v1/users/00u1");
        w.WriteNumber("iat", s);
        w.WriteString("jti", "5d0c1bb54bd44f4b8a1c1e5d7a41c3f0");
    }, 1_772_366_400L);
}
