using System.Security.Cryptography;

namespace Collab.Silo.Hosting;

/// <summary>A secret kept in a file outside the database, created on first run (random bytes, owner-only permissions).</summary>
public static class KeyFile
{
    /// <summary>Reads the <paramref name="length"/>-byte secret at <paramref name="path"/>, or creates it there; <paramref name="setting"/> names it in errors.</summary>
    public static byte[] LoadOrCreate(string path, string setting, int length = 32)
    {
        CreateOnce(path, () => RandomNumberGenerator.GetBytes(length));
        var secret = File.ReadAllBytes(path);
        return secret.Length == length
            ? secret
            : throw new InvalidSettingException(setting, $"the secret at {Path.GetFullPath(path)} must be {length} bytes");
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> (owner-only) unless the file exists; when another
    /// process (another node on this machine) creates it at the same moment, theirs is kept.
    /// </summary>
    public static void CreateOnce(string path, Func<byte[]> content)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(content());
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: theirs stands.
        }
    }
}
