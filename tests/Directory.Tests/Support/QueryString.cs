using System.Text;

namespace Directory.Tests.Support;

public static class QueryString
{
    /// <summary>
    /// A value percent-encoded byte by byte from its UTF-8, as a browser sends it: an unpaired surrogate goes as the
    /// replacement character, the way it would reach a service (Uri.EscapeDataString refuses it).
    /// </summary>
    public static string Encode(string value) => string.Concat(Encoding.UTF8.GetBytes(value).Select(b =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
            ? ((char)b).ToString()
            : $"%{b:X2}"));
}
