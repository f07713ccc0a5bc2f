using System.Buffers.Binary;
using System.IO.Compression;

namespace Collab.Web.Consultations;

/// <summary>
/// An image as a PDF image XObject: a JPEG as it is (DCTDecode); a PNG decoded to its pixels and compressed again
/// (FlateDecode), its alpha channel as a soft mask. Other formats, and interlaced or 16-bit PNGs, are not embedded.
/// </summary>
public sealed record PdfImage(int Width, int Height, string ColorSpace, int BitsPerComponent, string Filter, byte[] Data, byte[]? Alpha)
{
    /// <summary>The image in <paramref name="data"/> if it can be embedded, or null.</summary>
    public static PdfImage? From(byte[] data, string? contentType) => contentType switch
    {
        "image/jpeg" => Jpeg(data),
        "image/png" => Png(data),
        _ => null,
    };

    private static PdfImage? Jpeg(byte[] data)
    {
        // The frame header (SOF0–SOF15 but DHT, JPG and DAC) holds height, width and the number of components.
        for (var i = 2; i + 9 < data.Length;)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 5));
                var width = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 7));
                var components = data[i + 9];
                var space = components switch { 1 => "/DeviceGray", 3 => "/DeviceRGB", 4 => "/DeviceCMYK", _ => null };
                return space is null || width == 0 || height == 0 ? null : new PdfImage(width, height, space, 8, "/DCTDecode", data, null);
            }

            i += 2 + length;
        }

        return null;
    }

    private static PdfImage? Png(byte[] data)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (data.Length < 33 || !data.AsSpan(0, 8).SequenceEqual(signature))
        {
            return null;
        }

        int width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
        byte[]? palette = null;
        var compressed = new MemoryStream();
        for (var i = 8; i + 8 <= data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i));
            var type = System.Text.Encoding.ASCII.GetString(data, i + 4, 4);
            if (length < 0 || i + 12 + length > data.Length)
            {
                return null;
            }

            var chunk = data.AsSpan(i + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(chunk);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]);
                    (depth, colorType, interlace) = (chunk[8], chunk[9], chunk[12]);
                    break;
                case "PLTE":
                    palette = chunk.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(chunk);
                    break;
            }

            i += 12 + length;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (depth != 8 || interlace != 0 || channels == 0 || width <= 0 || height <= 0 || (long)width * height > 40_000_000 || (colorType == 3 && palette is null))
        {
            return null;
        }

        var pixels = Unfilter(compressed.ToArray(), width, height, channels);
        if (pixels is null)
        {
            return null;
        }

        var colors = colorType is 4 or 6 ? channels - 1 : channels;
        var color = new byte[width * height * colors];
        var alpha = colorType is 4 or 6 ? new byte[width * height] : null;
        for (var p = 0; p < width * height; p++)
        {
            pixels.AsSpan(p * channels, colors).CopyTo(color.AsSpan(p * colors));
            if (alpha is not null)
            {
                alpha[p] = pixels[(p * channels) + colors];
            }
        }

        var space = colorType switch
        {
            3 => $"[/Indexed /DeviceRGB {(palette!.Length / 3) - 1} <{Convert.ToHexString(palette)}>]",
            0 or 4 => "/DeviceGray",
            _ => "/DeviceRGB",
        };
        return new PdfImage(width, height, space, 8, "/FlateDecode", Deflate(color), alpha is null ? null : Deflate(alpha));
    }

    // PNG's per-row filters (none, sub, up, average, Paeth) undone: the raw pixels, channels interleaved.
    private static byte[]? Unfilter(byte[] compressed, int width, int height, int channels)
    {
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        using (var inflater = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            var read = 0;
            for (int n; read < raw.Length && (n = inflater.Read(raw, read, raw.Length - read)) > 0;)
            {
                read += n;
            }

            if (read < raw.Length)
            {
                return null;
            }
        }

        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var previous = y == 0 ? Span<byte>.Empty : pixels.AsSpan((y - 1) * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? row[x - channels] : 0, b = y > 0 ? previous[x] : 0, c = x >= channels && y > 0 ? previous[x - channels] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                });
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var deflater = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(data);
        }

        return output.ToArray();
    }
}
