using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>Reads one setting and checks its rule, or throws <see cref="InvalidSettingException"/> naming it.</summary>
public static class SettingReader
{
    public static string ReadText(this IConfiguration configuration, string key, string fallback)
    {
        var value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return string.IsNullOrWhiteSpace(value) ? throw new InvalidSettingException(key, "must not be empty") : value.Trim();
    }

    public static int ReadInteger(this IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new InvalidSettingException(key, $"must be a whole number from {min} to {max}");
    }

    public static int ReadPort(this IConfiguration configuration, string key, int fallback) =>
        configuration.ReadInteger(key, fallback, 1, 65535);

    public static T ReadEnum<T>(this IConfiguration configuration, string key, T fallback)
        where T : struct, Enum
    {
        var value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !value.Any(char.IsDigit)
            ? parsed
            : throw new InvalidSettingException(key, "must be one of " + string.Join(", ", System.Enum.GetNames<T>()));
    }

    /// <summary>IP networks separated by commas (<c>10.0.0.0/8</c>; a lone address is its own /32 or /128); empty when unset.</summary>
    public static IReadOnlyList<IPNetwork> ReadNetworks(this IConfiguration configuration, string key) =>
        (configuration[key] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => IPNetwork.TryParse(n, out var network) ? network
                : IPAddress.TryParse(n, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
                : throw new InvalidSettingException(key, "must be IP addresses or networks separated by commas, such as 127.0.0.1,10.0.0.0/8"))
            .ToList();

    public static IPAddress? ReadAddress(this IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (value is null)
        {
            return null;
        }

        return IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidSettingException(key, "must be an IP address such as 10.0.0.5");
    }

    public static bool ReadBoolean(this IConfiguration configuration, string key, bool fallback)
    {
        var value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed) ? parsed : throw new InvalidSettingException(key, "must be true or false");
    }

    /// <summary>The secret in the file <paramref name="key"/> names (trimmed), or null when the setting is absent; a clear error when the file is not there.</summary>
    public static string? ReadSecretFile(this IConfiguration configuration, string key) =>
        configuration[key] is not { } file ? null
        : File.Exists(file) ? File.ReadAllText(file).Trim()
        : throw new InvalidSettingException(key, $"no file at {Path.GetFullPath(file)}");
}
