// Identifiers as wit-bindgen's C generator spells them (heck's snake and shouty snake case of a
// WIT kebab name, C and C++ keywords escaped), so C written against wit-bindgen compiles unchanged.

/** `echo-point` -> `echo_point`, `HTTP-GET` -> `http_get`. WIT words are all lower or all upper case. */
export function snake(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/** `green-blue` -> `GREEN_BLUE`, for the #defines of enum, variant and flags cases. */
export function shouty(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

// wit-bindgen escapes these with a trailing `_`; `ret` and `err` too, as they name the return
// pointers of flattened option and result returns.
const KEYWORDS = new Set(
  (
    'alignas alignof and and_eq asm atomic_cancel atomic_commit atomic_noexcept auto bitand bitor bool break case catch ' +
    'char char8_t char16_t char32_t class compl concept const consteval constexpr constinit const_cast continue co_await ' +
    'co_return co_yield decltype default delete do double dynamic_cast else enum explicit export extern false float for ' +
    'friend goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected ' +
    'public reflexpr register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct ' +
    'switch synchronized template this thread_local throw true try typedef typeid typename union unsigned using virtual ' +
    'void volatile wchar_t while xor xor_eq _Packed ret err'
  ).split(' '),
);

/** A field, parameter or case name as a C identifier. */
export function cIdent(name: string): string {
  return KEYWORDS.has(name) ? `${name}_` : snake(name);
}
