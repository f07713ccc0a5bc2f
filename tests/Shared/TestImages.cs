using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Collab.Testing;

/// <summary>Small real pictures for tests, with metadata planted where cameras and editors put it.</summary>
public static class TestImages
{
    /// <summary>A valid 16×16 PNG (a red square) whose text chunks carry <paramref name="metadata"/> (tEXt, iTXt) and a tIME chunk.</summary>
    public static byte[] Png(string metadata)
    {
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, 16);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 16);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "tEXt", Encoding.Latin1.GetBytes("Author\0" + metadata));
        Chunk(png, "tIME", [0x07, 0xEA, 3, 2, 9, 0, 0]);
        var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var row = 0; row < 16; row++)
            {
                zlib.WriteByte(0); // no filter
                for (var column = 0; column < 16; column++)
                {
                    zlib.Write([200, 30, 30]);
                }
            }
        }

        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "iTXt", Encoding.UTF8.GetBytes("Comment\0\0\0\0\0" + metadata));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The structure of a JPEG (not decodable pixels): JFIF, an EXIF block, an XMP block and a comment carrying <paramref name="metadata"/>, tables, and a scan.</summary>
    public static byte[] JpegLayout(string metadata)
    {
        var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, "JFIF\0\u0001\u0002\0\0\u0001\0\u0001\0\0"u8.ToArray());
        Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. Encoding.UTF8.GetBytes("GPS 48.11N 1.68W " + metadata)]);
        Segment(jpeg, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes("<dc:creator>" + metadata + "</dc:creator>")]);
        Segment(jpeg, 0xFE, Encoding.UTF8.GetBytes(metadata));
        Segment(jpeg, 0xDB, new byte[65]);
        Segment(jpeg, 0xDA, [1, 1, 0, 0, 0x3F, 0]);
        jpeg.Write([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static void Segment(Stream jpeg, byte marker, byte[] payload)
    {
        jpeg.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        jpeg.Write(payload);
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
