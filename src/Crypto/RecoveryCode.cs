using System.Security.Cryptography;
using Sodium;

namespace Collab.Crypto;

/// <summary>
/// A 128-bit recovery key shown once as a code a person can copy by hand: 26 Crockford base32
/// characters plus one check character, in groups of four ("7K3M-…"). Case, spaces and hyphens
/// don't matter, and O/I/L read as 0/1/1.
/// </summary>
public sealed class RecoveryCode : IDisposable
{
    public const int KeyBytes = 16;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int DataCharacters = 26;

    private RecoveryCode(byte[] key) => Key = key;

    internal byte[] Key { get; }

    public static RecoveryCode New() => new(SodiumCore.GetRandomBytes(KeyBytes));

    internal static RecoveryCode FromKey(byte[] key) =>
        key.Length == KeyBytes ? new((byte[])key.Clone()) : throw new ArgumentException("A recovery key is 16 bytes.", nameof(key));

    /// <summary>Reads a typed code; a wrong length, character or check character is <see cref="CryptoFailure.MalformedRecoveryCode"/>.</summary>
    public static RecoveryCode Parse(string text)
    {
        var symbols = new List<int>(DataCharacters + 1);
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var value = Alphabet.IndexOf(c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }, StringComparison.Ordinal);
            if (value < 0)
            {
                throw Malformed();
            }

            symbols.Add(value);
        }

        if (symbols.Count != DataCharacters + 1)
        {
            throw Malformed();
        }

        var key = new byte[KeyBytes];
        var bit = 0;
        for (var i = 0; i < DataCharacters; i++)
        {
            for (var b = 4; b >= 0; b--, bit++)
            {
                if (bit < KeyBytes * 8 && ((symbols[i] >> b) & 1) == 1)
                {
                    key[bit / 8] |= (byte)(0x80 >> (bit % 8));
                }
            }
        }

        if (CheckSymbol(key) != symbols[DataCharacters])
        {
            CryptographicOperations.ZeroMemory(key);
            throw Malformed();
        }

        return new RecoveryCode(key);
    }

    /// <summary>The code to show the user, once.</summary>
    public override string ToString()
    {
        var symbols = new char[DataCharacters + 1];
        for (var i = 0; i < DataCharacters; i++)
        {
            var value = 0;
            for (var b = 0; b < 5; b++)
            {
                var bit = (i * 5) + b;
                value = (value << 1) | (bit < KeyBytes * 8 ? (Key[bit / 8] >> (7 - (bit % 8))) & 1 : 0);
            }

            symbols[i] = Alphabet[value];
        }

        symbols[DataCharacters] = Alphabet[CheckSymbol(Key)];
        return string.Join('-', symbols.Chunk(4).Select(group => new string(group)));
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(Key);

    private static int CheckSymbol(byte[] key) => GenericHash.Hash(key, (byte[]?)null, 16)[0] & 31;

    private static CryptoException Malformed() =>
        new(CryptoFailure.MalformedRecoveryCode, "This is not a recovery code: expected 27 characters from 0-9 and A-Z (without I, L, O, U).");
}
