using System;
using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Orders file names as Windows Explorer does: ignoring case, with runs of digits compared as numbers
    /// (<c>photo2</c> before <c>photo10</c>). <c>-Pairing OneToOne</c> pairs by position, so the order must be the one
    /// the person sees, not the character codes' (which put photo10 before photo2 and pair every later photo wrong).
    /// </summary>
    internal sealed class NaturalNameOrder : IComparer<string>
    {
        public static readonly NaturalNameOrder Instance = new NaturalNameOrder();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
                {
                    var endX = DigitsEnd(x, i);
                    var endY = DigitsEnd(y, j);
                    var byNumber = CompareNumbers(x.Substring(i, endX - i), y.Substring(j, endY - j));
                    if (byNumber != 0)
                    {
                        return byNumber;
                    }

                    i = endX;
                    j = endY;
                    continue;
                }

                var byChar = char.ToUpperInvariant(x[i]).CompareTo(char.ToUpperInvariant(y[j]));
                if (byChar != 0)
                {
                    return byChar;
                }

                i++;
                j++;
            }

            var byLength = (x.Length - i).CompareTo(y.Length - j);
            return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
        }

        private static int DigitsEnd(string s, int start)
        {
            var end = start;
            while (end < s.Length && char.IsDigit(s[end]))
            {
                end++;
            }

            return end;
        }

        private static int CompareNumbers(string a, string b)
        {
            var trimmedA = a.TrimStart('0');
            var trimmedB = b.TrimStart('0');
            var byLength = trimmedA.Length.CompareTo(trimmedB.Length);
            return byLength != 0 ? byLength : string.CompareOrdinal(trimmedA, trimmedB);
        }
    }
}
