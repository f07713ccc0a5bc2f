using System.Security.Cryptography;

namespace Collab.Silo.Hosting;

/// <summary>A secret kept in a file outside the database, created on first run (random bytes, owner-only permissions).</summary>
public static class KeyFile
{
    /// <summary>Reads the <paramref name="length"/>-byte secret at <paramref name="path"/>, or creates it there; <paramref name="setting"/> names it in errors.</summary>
    public static byte[] LoadOrCreate(string path, string setting, int length = 32)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = RandomNumberGenerator.GetBytes(length);
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
                // Another process (another node on this machine) created it first: read theirs.
            }
        }

        var secret = File.ReadAllBytes(path);
        return secret.Length == length
            ? secret
            : throw new InvalidSettingException(setting, $"the secret at {Path.GetFullPath(path)} must be {length} bytes");
    }
}
