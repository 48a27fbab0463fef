import { t } from '../../lib/i18n';
import { useId, useState } from 'react';

export interface SecretFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string | null;
  help: string;
  placeholder?: string;
}

/** A password-style field with a show/hide toggle; its help line turns into the error when there is one. */
export function SecretField({ label, value, onChange, onBlur, error, help, placeholder }: SecretFieldProps) {
  const [shown, setShown] = useState(false);
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          value={value}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help`}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        <button type="button" aria-pressed={shown} aria-label={shown ? t('options.hideLabel', { label }) : t('options.showLabel', { label })} onClick={() => setShown((v) => !v)}>
          {shown ? t('options.hide') : t('options.show')}
        </button>
      </div>
      <p id={`${id}-help`} className={error ? 'field-error' : 'hint'}>
        {error ?? help}
      </p>
    </>
  );
}
