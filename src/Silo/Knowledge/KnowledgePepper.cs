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
    public static KnowledgePepper LoadOrCreate(string path, string indexName)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var file = new FileStream(path, options);
                file.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: read theirs.
            }
        }

        var pepper = File.ReadAllBytes(path);
        if (pepper.Length != 32)
        {
            throw new Hosting.InvalidSettingException("Knowledge:PepperPath", $"the pepper at {Path.GetFullPath(path)} must be 32 bytes");
        }

        return new KnowledgePepper(pepper, indexName);
    }
}
