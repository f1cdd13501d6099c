// The header's search field with type-ahead: an ARIA combobox (arrow keys move through the
// suggestions, Enter picks one or searches what was typed, Escape closes the list).
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { shopApi } from '../api/shop-api';

const DEBOUNCE_MS = 150;

export function SearchBox() {
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const navigate = useNavigate();
  const listId = useId();
  const typed = useRef(false);

  useEffect(() => {
    setText(params.get('q') ?? '');
  }, [params]);

  useEffect(() => {
    const q = text.trim();
    if (!typed.current || q.length < 2) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      shopApi.suggest(q, controller.signal).then(
        (result) => {
          setSuggestions(result.suggestions.slice(0, 8));
          setActive(-1);
          setOpen(true);
        },
        () => setSuggestions([]), // type-ahead is a nicety: when it fails, searching still works
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const go = (query: string) => {
    typed.current = false;
    setOpen(false);
    setSuggestions([]);
    setText(query);
    navigate(`/search?q=${encodeURIComponent(query.trim())}`);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = active >= 0 ? suggestions[active] : undefined;
    go(chosen ?? text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  const expanded = open && suggestions.length > 0;
  return (
    <form className="search-box" role="search" onSubmit={onSubmit}>
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        Search products
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        className="search-box__input"
        placeholder="Search headphones, cookbooks, lamps…"
        autoComplete="off"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(event) => {
          typed.current = true;
          setText(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onFocus={() => suggestions.length > 0 && setOpen(true)}
      />
      <button type="submit" className="search-box__button">
        Search
      </button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className="search-box__suggestions" hidden={!expanded}>
        {suggestions.map((suggestion, i) => (
          <li
            key={suggestion}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'is-active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              go(suggestion);
            }}
          >
            {suggestion}
          </li>
        ))}
      </ul>
    </form>
  );
}
