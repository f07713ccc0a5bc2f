using System.Security.Cryptography;
using System.Text;
using Collab.Grains.Knowledge;

namespace Collab.Silo.Knowledge;

/// <summary>
/// <see cref="IKnowledgePseudonyms"/>: HMAC-SHA-256 under a 32-byte pepper read from a file outside the database
/// (<c>Knowledge:PepperPath</c>, created on first run with owner-only permissions), over the index name, the kind and
/// the id. Another index name, or another pepper, gives unrelated pseudonyms.
/// </summary>
public sealed class KnowledgePepper(byte[] pepper, string indexName) : IKnowledgePseudonyms
{
    public string Of(string kind, Guid id)
    {
        var mac = HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes($"{indexName}\n{kind}\n{id:N}"));
        return Convert.ToHexString(mac, 0, 16).ToLowerInvariant();
    }

    /// <summary>Reads the pepper at <paramref name="path"/>, or creates it there (32 random bytes, mode 600).</summary>
    public static KnowledgePepper LoadOrCreate(string path, string indexName) =>
        new(Hosting.KeyFile.LoadOrCreate(path, "Knowledge:PepperPath"), indexName);
}
