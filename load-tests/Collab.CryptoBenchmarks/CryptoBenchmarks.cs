using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Collab.Crypto;

namespace Collab.CryptoBenchmarks;

/// <summary>The costs issue 3 sets goals for; results in docs/benchmarks.md.</summary>
[MemoryDiagnoser]
public class CryptoBenchmarks
{
    public const int AttachmentBytes = 16 * 1024 * 1024;

    private readonly ContentPosition _position = new(Guid.NewGuid(), 3, 42);
    private byte[] _epochKey = [];
    private byte[] _message = [];
    private UserKeyPair _user = null!;
    private byte[] _passwordWrapped = [];
    private byte[] _attachment = [];
    private byte[] _encryptedAttachment = [];
    private readonly Guid _fileId = Guid.NewGuid();

    [GlobalSetup]
    public void Setup()
    {
        _epochKey = EpochKeys.New();
        _message = RandomNumberGenerator.GetBytes(1024);
        _user = UserKeyPair.Generate();
        _passwordWrapped = UserKeyWrapping.WrapWithPassword(_user, "a long enough passphrase", PasswordKdf.Default);
        _attachment = RandomNumberGenerator.GetBytes(AttachmentBytes);
        using var encrypted = new MemoryStream();
        AttachmentCipher.EncryptAsync(new MemoryStream(_attachment), encrypted, _epochKey, _fileId).GetAwaiter().GetResult();
        _encryptedAttachment = encrypted.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _user.Dispose();

    [Benchmark(Description = "1 KiB message: encrypt + decrypt")]
    public byte[] MessageRoundTrip() =>
        ContentCipher.Decrypt(ContentCipher.Encrypt(_message, _epochKey, _position), _epochKey, _position);

    [Benchmark(Description = "epoch key: seal + open")]
    public byte[] EpochKeySealOpen() => EpochKeys.Open(KeySealing.Seal(_epochKey, _user.PublicKey), _user);

    [Benchmark(Description = "user key: unwrap with password (Argon2id 3 × 64 MiB)")]
    public byte[] UnwrapUserKey()
    {
        using var keys = UserKeyWrapping.UnwrapWithPassword(_passwordWrapped, _user.PublicKey, "a long enough passphrase");
        return keys.PublicKey;
    }

    [Benchmark(Description = "16 MiB attachment: encrypt")]
    public async Task EncryptAttachment() =>
        await AttachmentCipher.EncryptAsync(new MemoryStream(_attachment, writable: false), Stream.Null, _epochKey, _fileId);

    [Benchmark(Description = "16 MiB attachment: decrypt")]
    public async Task DecryptAttachment() =>
        await AttachmentCipher.DecryptAsync(new MemoryStream(_encryptedAttachment, writable: false), Stream.Null, _epochKey, _fileId);
}
