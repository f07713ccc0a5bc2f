using System.Xml.Linq;
using Collab.Crypto;
using Collab.Silo.Hosting;
using Collab.Silo.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Collab.Web.Account;

/// <summary>
/// The key ring that protects cookies (authentication, pending login, Pro Santé Connect), shared by every web node so
/// that a cookie set by one is read by another: kept in PostgreSQL (<c>web_key_ring</c>), each key encrypted with the
/// key-ring secret, a 32-byte file outside the database (<c>Web:KeyRingSecretPath</c>, created on first run; the same
/// file on every node). The database alone cannot read a cookie, nor forge one.
/// </summary>
public static class SharedKeyRing
{
    public const string SecretSetting = "Web:KeyRingSecretPath";
    private static readonly string DefaultSecretPath = Path.Combine(".collab", "keys", "web-keyring.key");

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var secret = new KeyRingSecret(KeyFile.LoadOrCreate(configuration.ReadText(SecretSetting, DefaultSecretPath), SecretSetting));
        services.AddSingleton(secret);
        services.AddDataProtection().SetApplicationName("collab");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.XmlRepository = new PostgresKeyRing(dataSource);
            options.XmlEncryptor = new KeyRingEncryptor(secret);
        });
        return services;
    }

    /// <summary>The key-ring secret (read once at start-up).</summary>
    public sealed record KeyRingSecret(byte[] Key);

    private static readonly byte[] Context = "collab.web-key-ring"u8.ToArray();

    private sealed class KeyRingEncryptor(KeyRingSecret secret) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var sealedXml = Envelope.Seal(EnvelopeKind.KeyRingKey, secret.Key, System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Context);
            return new EncryptedXmlInfo(new XElement("sealed", Convert.ToBase64String(sealedXml)), typeof(KeyRingDecryptor));
        }
    }

    /// <summary>Built by the data protection system with the node's services (hence public, with that constructor).</summary>
    public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var secret = services.GetRequiredService<KeyRingSecret>();
            var plaintext = Envelope.Open(EnvelopeKind.KeyRingKey, secret.Key, Convert.FromBase64String(encryptedElement.Value), Context, CryptoFailure.NotARecipient);
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
        }
    }

    private sealed class PostgresKeyRing(NpgsqlDataSource dataSource) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            PostgresOutage.RetryAsync<IReadOnlyCollection<XElement>>(async () =>
            {
                await using var command = dataSource.CreateCommand("SELECT convert_from(sealed_xml, 'UTF8') FROM web_key_ring ORDER BY created_at");
                await using var reader = await command.ExecuteReaderAsync();
                var elements = new List<XElement>();
                while (await reader.ReadAsync())
                {
                    elements.Add(XElement.Parse(reader.GetString(0)));
                }

                return elements;
            }, dataSource).GetAwaiter().GetResult();

        public void StoreElement(XElement element, string friendlyName) =>
            PostgresOutage.RetryAsync(async () =>
            {
                await using var command = dataSource.CreateCommand("INSERT INTO web_key_ring (name, sealed_xml) VALUES ($1, convert_to($2, 'UTF8')) ON CONFLICT (name) DO NOTHING");
                command.Parameters.AddWithValue(friendlyName);
                command.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
                await command.ExecuteNonQueryAsync();
            }, dataSource).GetAwaiter().GetResult();
    }
}
